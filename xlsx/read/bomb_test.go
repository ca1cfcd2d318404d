package read

import (
	"errors"
	"strings"
	"testing"
)

// TestSharedStringBomb (issue 20 point 6): a file within every size limit holding millions of empty shared
// strings (or of runs) is refused by the count of strings (or runs), with the limit named, before it costs
// memory; the same file with the limit raised is read. The full-size file (25 million <si/>, 204 KB) is
// measured by hand: see the README.
func TestSharedStringBomb(t *testing.T) {
	sheet := map[int]string{1: badSheetPart(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}
	strs := make([]string, 3000)
	p := writeTemp(t, "bomb.xlsx", badRawBook(t, []string{"表三"}, sheet, strs))
	_, err := Open(p, Limits{MaxStrings: 1000})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != ErrTooLarge || fe.Limit != LimitStrings || !strings.Contains(fe.Msg, "1000") {
		t.Fatalf("3000 strings, limit 1000: %v", err)
	}
	if _, err := Open(p, Limits{MaxStrings: 3000}); err != nil {
		t.Fatalf("3000 strings, limit 3000: %v", err)
	}
	runs := []string{"a" + strings.Repeat("</t><t>x", 3000)}
	p = writeTemp(t, "runs.xlsx", badRawBook(t, []string{"表三"}, sheet, runs))
	if _, err := Open(p, Limits{MaxCells: 1000}); !errors.As(err, &fe) || fe.Limit != LimitRuns {
		t.Fatalf("3000 runs, limit 1000: %v", err)
	}
}
