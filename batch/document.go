// Package batch checks many returned files at once — the daily work of January — and renders the result
// as the Chinese text report or the JSON document that `nianbao check` prints and `nianbao serve` stores.
//
// Every file gets a verdict (通过 / 有警告 / 有错误 / 无法读取) and its findings; one bad file never stops
// the batch.
package batch

import (
	"nianbao/checks"
	"nianbao/model"
)

// Verdict is the outcome of checking one file.
type Verdict string

// Verdicts, best first.
const (
	Passed Verdict = "通过"
	// Explained is a file whose every warning the unit has explained: it passes.
	Explained  Verdict = "通过（已说明）"
	Warned     Verdict = "有警告"
	Failed     Verdict = "有错误"
	Unreadable Verdict = "无法读取"
)

// VerdictOf derives a file's verdict from its findings; unreadable files are marked by the reader.
func VerdictOf(fs []checks.Finding) Verdict {
	c := checks.Count(fs)
	switch {
	case c.Errors > 0:
		return Failed
	case c.Warnings > 0:
		return Warned
	case c.Explained > 0:
		return Explained
	}
	return Passed
}

// Explain records the unit's explanation of one warning of the file (by finding id; an empty text removes
// it) and updates the verdict: the call the web page makes when a clerk records or accepts an explanation.
func (f *File) Explain(id, text string) error {
	if err := checks.SetExplanation(f.Findings, id, text); err != nil {
		return err
	}
	if f.Verdict != Unreadable {
		f.Verdict = VerdictOf(f.Findings)
	}
	return nil
}

// File is the result of one file, as it appears in the JSON document.
type File struct {
	Path string `json:"path"`
	// PathBytes holds the path's bytes (base64 in JSON) when they are not valid UTF-8: "path" then shows
	// them replaced by U+FFFD, and this field names the file losslessly.
	PathBytes []byte        `json:"path_bytes,omitempty"`
	SHA256    string        `json:"sha256"`
	Verdict   Verdict       `json:"verdict"`
	Unit      model.Unit    `json:"unit"`
	Year      int           `json:"year,omitempty"`
	Version   model.Version `json:"version,omitempty"`
	Summary   bool          `json:"summary,omitempty"`
	// Refused is true for a workbook marked as a summary that does not prove itself (rule R-14): it is not
	// used for any unit.
	Refused  bool               `json:"refused,omitempty"`
	Covers   []string           `json:"covers,omitempty"`
	Values   map[string]float64 `json:"values"`
	Findings []checks.Finding   `json:"findings"`
	// Report is the report read from the file; nil when the file could not be read.
	Report *model.Report `json:"-"`
	// NoPrevious is true when last year's reports were given but none matched this unit, so the cross-year
	// rules were not run for it.
	NoPrevious bool `json:"no_previous,omitempty"`
	// Members are the reports of the units a summary workbook lists, one per unit.
	Members []*model.Report `json:"-"`
	// Format says what the file was: "xlsx", "xls", "html", "text", ….
	Format string `json:"format,omitempty"`
}

// Stats counts files by verdict and findings by severity.
type Stats struct {
	Files  int `json:"files"`
	Passed int `json:"passed"`
	// PassedExplained counts the passed files whose warnings were all explained (通过（已说明）).
	PassedExplained int `json:"passed_explained"`
	Warned          int `json:"warned"`
	Failed          int `json:"failed"`
	Unreadable      int `json:"unreadable"`
	Skipped         int `json:"skipped"`
	// Double counts the double countings found across files (a unit sent alone and in a summary, or in
	// two summaries); each is an R-8 error listed under "double" and makes the batch invalid.
	Double int `json:"double,omitempty"`
	checks.Counts
}

// Document is what `nianbao check --json` prints.
type Document struct {
	Tool   string `json:"tool"`
	Schema int    `json:"schema"`
	// Valid is true when no file has errors and every file could be read.
	Valid bool   `json:"valid"`
	Stats Stats  `json:"stats"`
	Files []File `json:"files"`
	// Double lists the double countings across files (R-8 errors), counted in Stats.Double.
	Double  []checks.Finding `json:"double,omitempty"`
	Skipped []string         `json:"skipped,omitempty"`
}

// NewDocument tallies files into a document.
func NewDocument(files []File, skipped []string) Document {
	d := Document{Tool: "nianbao", Schema: 1, Files: files, Skipped: skipped}
	if d.Files == nil {
		d.Files = []File{}
	}
	d.Stats.Skipped = len(skipped)
	var cover coverage
	for _, f := range files {
		d.Stats.Add(f)
		cover.add(f)
	}
	d.Double = cover.findings()
	d.Stats.Double = len(d.Double)
	d.Stats.Errors += len(d.Double)
	d.Valid = d.Stats.Valid()
	return d
}

// Add counts one file: its verdict and its findings.
func (s *Stats) Add(f File) {
	s.Files++
	switch f.Verdict {
	case Passed:
		s.Passed++
	case Explained:
		s.Passed++
		s.PassedExplained++
	case Warned:
		s.Warned++
	case Failed:
		s.Failed++
	case Unreadable:
		s.Unreadable++
	}
	c := checks.Count(f.Findings)
	s.Errors += c.Errors
	s.Warnings += c.Warnings
	s.Infos += c.Infos
	s.Explained += c.Explained
	s.Consequences += c.Consequences
}

// Valid is true when no file counted has errors and every one could be read.
func (s Stats) Valid() bool { return s.Failed == 0 && s.Unreadable == 0 && s.Double == 0 }
