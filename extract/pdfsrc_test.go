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
		require.NoError(t, os.WriteFile(base+"_thead.html", []byte(theadHTML(renderHTML(s))), 0o644))
	}
}

// theadHTML puts the three header rows of 表三 (the page's second table) into a <thead>, which browsers and
// LibreOffice repeat at the top of every page the table continues on, as Word does with 重复标题行.
func theadHTML(page string) string {
	const open = "<table border=\"1\" cellspacing=\"0\"><tbody>\n"
	parts := strings.SplitN(page, open, 3)
	if len(parts) < 3 {
		return page
	}
	rows := strings.SplitN(parts[2], "</tr>\n", 4)
	if len(rows) < 4 {
		return page
	}
	head := rows[0] + "</tr>\n" + rows[1] + "</tr>\n" + rows[2] + "</tr>\n"
	return parts[0] + open + parts[1] + "<table border=\"1\" cellspacing=\"0\"><thead>\n" + head + "</thead><tbody>\n" + rows[3]
}
