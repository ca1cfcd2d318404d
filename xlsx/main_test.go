package xlsx

import (
	"os"
	"testing"

	"nianbao/internal/testbook"
)

// TestMain removes the files the package's tests had LibreOffice convert (all in one soffice run, see
// testbook.Convert) once every test is done.
func TestMain(m *testing.M) {
	code := m.Run()
	testbook.RemoveConverted()
	os.Exit(code)
}
