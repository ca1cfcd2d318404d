package fast

// SetDetailWindow sets the size of the pieces a summary's detail sheets are inflated in, for a test; the
// returned function restores it. Tests that use it must not run in parallel with ReadSummary.
func SetDetailWindow(n int) (restore func()) {
	old := detailWindow
	detailWindow = n
	return func() { detailWindow = old }
}
