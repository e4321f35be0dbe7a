package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// ErrNoDot reports that Graphviz's dot program, which SVG and PNG output
// need, is not installed.
var ErrNoDot = errors.New("graphviz's dot program is not installed " +
	"(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz); " +
	"DOT output works without it")

// Render writes the DOT source src to w in format f: as is for
// [FormatDOT], otherwise by running Graphviz's dot program. It returns an
// error wrapping [ErrNoDot] when dot is not on the PATH.
func Render(ctx context.Context, w io.Writer, src []byte, f Format) error {
	if f == FormatDOT {
		_, err := w.Write(src)
		return err
	}
	if f != FormatSVG && f != FormatPNG {
		return fmt.Errorf("unknown format %v", f)
	}
	prog, err := exec.LookPath("dot")
	if err != nil {
		return fmt.Errorf("%v output: %w", f, ErrNoDot)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, prog, "-T"+f.String())
	cmd.Stdin = bytes.NewReader(src)
	cmd.Stdout = w
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("dot -T%v: %s", f, msg)
	}
	return nil
}
