package publish

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"nianbao/extract"
	"nianbao/model"
)

// roundTrip publishes r in both formats, reads each back with extract and requires every value of every
// table, the table versions, the unit and the year to come back exactly.
func roundTrip(t *testing.T, name string, r *model.Report) {
	t.Helper()
	for _, format := range []string{FormatDocx, FormatHTML} {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, r, format), name)
		got, err := extract.Bytes(name+"."+format, buf.Bytes())
		require.NoError(t, err, name)
		require.Equal(t, format, got.Format, name)
		g := got.Report
		require.Equal(t, r.Tables, g.Tables, "%s (%s): table versions", name, format)
		require.Equal(t, r.Year, g.Year, "%s (%s): year", name, format)
		require.Equal(t, model.Normalize(r.Unit.Name), model.Normalize(g.Unit.Name), "%s (%s): unit", name, format)
		require.Equal(t, r.Values, g.Values, "%s (%s): values", name, format)
	}
}

func TestRoundTripSeeds(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../extract/testdata/seeds/*.txt")
	require.NoError(t, err)
	require.Len(t, paths, 5)
	for _, p := range paths {
		res, err := extract.File(p)
		require.NoError(t, err)
		require.NotEmpty(t, res.Report.Values, p)
		roundTrip(t, filepath.Base(p), res.Report)
	}
}
