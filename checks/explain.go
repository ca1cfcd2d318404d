package checks

import (
	"errors"
	"strings"
)

// Explanations (出错说明): a unit explains a warning it stands by — in the 说明 column of the template's 校验
// sheet, or later through the web page. An explained warning stays listed, as 已说明 with its text, and no
// longer makes the verdict 有警告. Errors cannot be explained away.

// ExplainKey names the identity a 说明 cell belongs to: its rule id and the key of the cell its finding is
// reported at ("T2-1 t2.rules.issued").
func ExplainKey(rule, key string) string { return rule + " " + key }

// Explain sets the explanation of every warning fault among fs whose ExplainKey has a text in texts.
func Explain(fs []Finding, texts map[string]string) {
	if len(texts) == 0 {
		return
	}
	for i, f := range fs {
		if f.Fault() && f.Severity == Warning && f.Key != "" {
			if t := strings.TrimSpace(texts[ExplainKey(f.Rule, f.Key)]); t != "" {
				fs[i].Explanation = t
			}
		}
	}
}

// Errors of SetExplanation.
var (
	ErrNoFinding  = errors.New("checks: no finding with this id")
	ErrNotWarning = errors.New("checks: only a warning can be explained")
)

// SetExplanation records (or, with an empty text, removes) the explanation of the finding with an id. Only
// a warning that is a fault can be explained: an error must be fixed, and a consequence goes with its
// fault.
func SetExplanation(fs []Finding, id, text string) error {
	for i, f := range fs {
		if f.ID != id {
			continue
		}
		if f.Severity != Warning || !f.Fault() {
			return ErrNotWarning
		}
		fs[i].Explanation = strings.TrimSpace(text)
		return nil
	}
	return ErrNoFinding
}
