package lsp

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestVSCodeExtension checks that the files of editors/vscode agree: the
// language, its configuration and grammar exist and are valid JSON, every
// rule the grammar includes is defined, and package-lock.json pins what
// package.json asks for (npm ci refuses a lock file that does not).
func TestVSCodeExtension(t *testing.T) {
	dir := filepath.Join("..", "editors", "vscode")
	var pkg struct {
		Name, Version   string
		Dependencies    map[string]string
		DevDependencies map[string]string
		Main            string
		Contributes     struct {
			Languages []struct {
				ID            string
				Extensions    []string
				Configuration string
			}
			Grammars []struct {
				Language, ScopeName, Path string
			}
		}
	}
	readJSON(t, filepath.Join(dir, "package.json"), &pkg)
	langs, grammars := pkg.Contributes.Languages, pkg.Contributes.Grammars
	if len(langs) != 1 || langs[0].ID != "zk" || !slices.Contains(langs[0].Extensions, ".zk") {
		t.Fatalf("languages: %+v", langs)
	}
	if len(grammars) != 1 || grammars[0].Language != "zk" {
		t.Fatalf("grammars: %+v", grammars)
	}
	var conf struct{ Comments struct{ LineComment string } }
	readJSON(t, filepath.Join(dir, langs[0].Configuration), &conf)
	if conf.Comments.LineComment != "#" {
		t.Errorf("line comment %q", conf.Comments.LineComment)
	}
	var grammar struct {
		ScopeName  string
		Repository map[string]json.RawMessage
	}
	path := filepath.Join(dir, grammars[0].Path)
	readJSON(t, path, &grammar)
	if grammar.ScopeName != grammars[0].ScopeName {
		t.Errorf("grammar scope %q, package.json says %q", grammar.ScopeName, grammars[0].ScopeName)
	}
	raw, _ := os.ReadFile(path)
	for _, m := range regexp.MustCompile(`"include": "#([^"]+)"`).FindAllSubmatch(raw, -1) {
		if _, ok := grammar.Repository[string(m[1])]; !ok {
			t.Errorf("grammar includes undefined rule %q", m[1])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, pkg.Main)); err != nil {
		t.Error(err)
	}

	type locked struct {
		Name, Version, Integrity string
		Dependencies             map[string]string
		DevDependencies          map[string]string
	}
	var lock struct {
		Name, Version string
		Packages      map[string]locked
	}
	readJSON(t, filepath.Join(dir, "package-lock.json"), &lock)
	top := lock.Packages[""]
	if lock.Name != pkg.Name || lock.Version != pkg.Version || !maps.Equal(top.Dependencies, pkg.Dependencies) ||
		!maps.Equal(top.DevDependencies, pkg.DevDependencies) {
		t.Errorf("package-lock.json is out of date (run npm install in editors/vscode): it locks %s %s %v %v, package.json has %s %s %v %v",
			lock.Name, lock.Version, top.Dependencies, top.DevDependencies, pkg.Name, pkg.Version, pkg.Dependencies, pkg.DevDependencies)
	}
	for dep := range pkg.Dependencies {
		if p, ok := lock.Packages["node_modules/"+dep]; !ok || p.Version == "" || p.Integrity == "" {
			t.Errorf("package-lock.json does not pin %s: %+v", dep, p)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
