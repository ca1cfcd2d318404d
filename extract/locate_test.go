package extract

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Every cell of the five seeds extracts exactly, with the expected findings, from their '|' text and from the
// HTML and docx renderings (through package locate).
func TestSeedsThroughLocate(t *testing.T) {
	for _, s := range loadSeeds(t) {
		for _, tc := range []struct {
			format string
			data   []byte
		}{
			{FormatText, []byte(s.text)},
			{FormatHTML, []byte(renderHTML(s))},
			{FormatDocx, renderDocx(s)},
		} {
			t.Run(s.name+"/"+tc.format, func(t *testing.T) {
				res, err := Bytes(s.name, tc.data)
				require.NoError(t, err)
				assertExtracts(t, s, res, tc.format)
			})
		}
	}
}
