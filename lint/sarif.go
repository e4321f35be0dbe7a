package lint

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/zktree/zktree/ast"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the subset
// zktree writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifText    `json:"shortDescription"`
		FullDescription      sarifText    `json:"fullDescription"`
		HelpURI              string       `json:"helpUri"`
		Help                 sarifHelp    `json:"help"`
		DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifDefault struct {
		Enabled bool   `json:"enabled"`
		Level   string `json:"level"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        *int            `json:"ruleIndex,omitempty"`
		Level            string          `json:"level"`
		Message          sarifText       `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int32 `json:"startLine"`
		StartColumn int32 `json:"startColumn"`
		EndLine     int32 `json:"endLine"`
		EndColumn   int32 `json:"endColumn"`
	}
)

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s ast.Severity) string {
	switch s {
	case ast.Error:
		return "error"
	case ast.Warning:
		return "warning"
	}
	return "note"
}

func sarifLoc(file string, r ast.Range) sarifPhysicalLocation {
	end := r.End
	if !end.IsValid() {
		end = r.Start
	}
	return sarifPhysicalLocation{
		ArtifactLocation: sarifArtifact{URI: sarifURI(file)},
		Region:           sarifRegion{StartLine: r.Start.Line, StartColumn: r.Start.Col, EndLine: end.Line, EndColumn: end.Col},
	}
}

// sarifURI returns a file name as the URI reference that SARIF requires:
// slashes as separators, and the characters that a URI path cannot hold
// (space, "%", "#", "?", ":" and other ASCII outside RFC 3986's path
// characters) percent-encoded. Non-ASCII text stays UTF-8, as code
// scanning shows it.
func sarifURI(file string) string {
	const keep = "-._~!$&'()*+,;=@/"
	var b strings.Builder
	for _, c := range []byte(filepath.ToSlash(file)) {
		if c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// rulesURL is the published RULES.md, which has an anchor per rule.
const rulesURL = "https://github.com/zktree/zktree/blob/main/lint/RULES.md"

// WriteSARIF prints ds as a SARIF 2.1.0 log with one run whose driver lists
// every rule of the registry. Columns count code points.
func WriteSARIF(w io.Writer, ds ast.Diagnostics, version string) error {
	driver := sarifDriver{Name: "zktree", Version: version, InformationURI: "https://github.com/zktree/zktree"}
	index := map[string]int{}
	for i, r := range registry {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{r.Purpose},
			FullDescription:      sarifText{r.Purpose},
			HelpURI:              rulesURL + "#" + strings.ToLower(r.ID),
			Help:                 sarifHelp{Text: r.Doc, Markdown: r.Doc},
			DefaultConfiguration: sarifDefault{Enabled: r.Default, Level: sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, d := range ds {
		res := sarifResult{
			RuleID:    d.Code,
			Level:     sarifLevel(d.Severity),
			Message:   sarifText{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifLoc(d.File, d.Range)}},
		}
		if i, ok := index[d.Code]; ok {
			res.RuleIndex = &i
		}
		for i, r := range d.Related {
			id := i
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{ID: &id, PhysicalLocation: sarifLoc(r.File, r.Range), Message: &sarifText{r.Message}})
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	return writeJSON(w, log)
}
