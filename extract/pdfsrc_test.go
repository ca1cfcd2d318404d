package extract

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var pdfSources = flag.String("pdfsrc", "", "write the seeds as HTML and .docx into this folder, the sources of the PDFs in pdf/testdata (see pdf/testdata/make.sh)")

// TestWritePDFSources writes the sources that pdf/testdata/make.sh prints to PDF with LibreOffice Writer
// and Chromium; it does nothing without -pdfsrc.
func TestWritePDFSources(t *testing.T) {
	if *pdfSources == "" {
		t.Skip("run with -pdfsrc DIR to write the PDF sources")
	}
	require.NoError(t, os.MkdirAll(*pdfSources, 0o755))
	for _, s := range loadSeeds(t) {
		base := filepath.Join(*pdfSources, strings.TrimSuffix(s.name, ".txt"))
		require.NoError(t, os.WriteFile(base+".html", []byte(renderHTML(s)), 0o644))
		require.NoError(t, os.WriteFile(base+".docx", renderDocx(s), 0o644))
	}
}
