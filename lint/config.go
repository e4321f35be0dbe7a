package lint

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zktree/zktree/ast"
)

// ConfigFile is the name of the configuration file that zktree looks for in
// the current directory.
const ConfigFile = ".zktree.yaml"

// Config says which rules run and how serious their findings are. It is
// read from the "lint" section of a YAML file:
//
//	lint:
//	  disable: [UNTYPED_NODE]          # rules that do not run
//	  enable: [SOME_OPTIONAL_RULE]     # rules off by default that run
//	  severity:                        # error, warning, info, hint or off
//	    TAB_INDENTATION: error
//
// A rule listed in disable never runs; a severity other than off also
// turns on a rule that is off by default.
// The zero Config (and a nil *Config) runs the default rules at their
// default severities.
type Config struct {
	Disable  []string          `yaml:"disable"`
	Enable   []string          `yaml:"enable"`
	Severity map[string]string `yaml:"severity"`
}

// Rule returns the severity of r's findings under c and whether r runs.
func (c *Config) Rule(r *Rule) (ast.Severity, bool) {
	if c == nil {
		return r.Severity, r.Default
	}
	on := r.Default
	sev := r.Severity
	if s, ok := c.Severity[r.ID]; ok {
		if s == "off" {
			return sev, false
		}
		sev, _ = ast.ParseSeverity(s)
		on = true // a severity turns on a rule that is off by default
	}
	if contains(c.Enable, r.ID) {
		on = true
	}
	if contains(c.Disable, r.ID) {
		on = false // disable wins over everything else
	}
	return sev, on
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// LoadConfig reads a configuration file (see [Config]).
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseConfig(path, data)
}

// ParseConfig reads the YAML text of a configuration file; name is used in
// error messages, which say NAME:LINE:COL. Unknown keys, rule IDs and
// severities are errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &Config{}
	if len(doc.Content) == 0 {
		return c, nil // an empty file
	}
	var errs []error
	at := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d:%d: %s", name, n.Line, n.Column, fmt.Sprintf(format, args...)))
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		at(top, `want a mapping with a "lint:" section`)
		return nil, errors.Join(errs...)
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "lint" {
			at(k, `unknown key %q; the file holds a "lint:" section with disable, enable and severity`, k.Value)
			continue
		}
		if v.Kind != yaml.MappingNode {
			at(v, `"lint" wants a mapping of disable, enable and severity`)
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			lk, lv := v.Content[j], v.Content[j+1]
			switch lk.Value {
			case "disable", "enable":
				if lv.Kind != yaml.SequenceNode {
					at(lv, "%q wants a list of rule IDs", lk.Value)
					continue
				}
				for _, id := range lv.Content {
					if err := knownRule(id.Value); err != nil {
						at(id, "%v", err)
					}
					if lk.Value == "disable" {
						c.Disable = append(c.Disable, id.Value)
					} else {
						c.Enable = append(c.Enable, id.Value)
					}
				}
			case "severity":
				if lv.Kind != yaml.MappingNode {
					at(lv, `"severity" wants a mapping of rule IDs to error, warning, info, hint or off`)
					continue
				}
				if c.Severity == nil {
					c.Severity = map[string]string{}
				}
				for m := 0; m+1 < len(lv.Content); m += 2 {
					id, sev := lv.Content[m], lv.Content[m+1]
					if err := knownRule(id.Value); err != nil {
						at(id, "%v", err)
					}
					if _, ok := ast.ParseSeverity(sev.Value); !ok && sev.Value != "off" {
						at(sev, "rule %s: severity %q is not error, warning, info, hint or off", id.Value, sev.Value)
					}
					c.Severity[id.Value] = sev.Value
				}
			default:
				at(lk, `unknown key "lint.%s"; want disable, enable or severity`, lk.Value)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// knownRule returns an error naming id unless it is a rule ID.
func knownRule(id string) error {
	if RuleByID(id) != nil {
		return nil
	}
	ids := make([]string, len(registry))
	for i, r := range registry {
		ids[i] = r.ID
	}
	return fmt.Errorf("unknown rule %s (rules: %s)", id, strings.Join(ids, ", "))
}
