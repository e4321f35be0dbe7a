package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
// error messages. Unknown keys, rule IDs and severities are errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var doc struct {
		Lint Config `yaml:"lint"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &doc.Lint
	var errs []error
	for _, id := range append(append([]string{}, c.Disable...), c.Enable...) {
		errs = append(errs, knownRule(id))
	}
	for id, s := range c.Severity {
		errs = append(errs, knownRule(id))
		if _, ok := ast.ParseSeverity(s); !ok && s != "off" {
			errs = append(errs, fmt.Errorf("rule %s: severity %q is not error, warning, info, hint or off", id, s))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
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
