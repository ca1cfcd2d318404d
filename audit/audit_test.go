package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/model"
	"nianbao/publish"
	"nianbao/xlsx/read"
)

// renderText prints a report as its PDF's text layer prints it (pdftotext -layout): the title, the parts,
// each table under its title with its labels and numbers in columns.
func renderText(r *model.Report, name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度依法做好政府信息公开工作。\n\n", name, r.Year)
	for _, t := range model.FormOf(r.Version).Tables {
		fmt.Fprintf(&b, "%s\n\n", t.Title)
		if t.ID == "t4" {
			b.WriteString("行政复议  行政诉讼\n")
			var header, values []string
			for _, row := range t.Blocks[0].Rows {
				for _, c := range t.Blocks[0].Cols {
					header = append(header, c.Label)
					values = append(values, model.FormatValue(r.Get("t4."+row.Key+"."+c.Key)))
				}
			}
			fmt.Fprintf(&b, "%s\n%s\n\n", strings.Join(header, "  "), strings.Join(values, "    "))
			continue
		}
		for _, bl := range t.Blocks {
			if bl.Heading != "" {
				fmt.Fprintf(&b, "%s\n", bl.Heading)
			}
			cols := []string{bl.Corner}
			for _, c := range bl.Cols {
				cols = append(cols, c.Label)
			}
			fmt.Fprintf(&b, "%s\n", strings.Join(cols, "  "))
			for _, row := range bl.Rows {
				line := []string{row.Label}
				for _, c := range bl.Cols {
					line = append(line, model.FormatValue(r.Get(t.ID+"."+row.Key+"."+c.Key)))
				}
				fmt.Fprintf(&b, "%s\n", strings.Join(line, "    "))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("五、存在的主要问题及改进情况\n\n无。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。\n")
	return b.String()
}

// dropNumbers removes the first n numbers of the line that starts with label.
func dropNumbers(t *testing.T, text, label string, n int) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, label) {
			continue
		}
		f := strings.Split(l, "    ")
		require.Greater(t, len(f), n+1, l)
		lines[i] = strings.Join(append(f[:1], f[1+n:]...), "    ")
		return strings.Join(lines, "\n")
	}
	t.Fatalf("no line %s", label)
	return ""
}

// TestAuditDemoRegion: the demo region's submissions published as PDF text, web pages and Word files (the
// latter two written by package publish), three altered in known cells, one unit's publication missing, the unit that submitted nothing published anyway, and a stray file:
// the audit finds exactly the altered cells, the missing unit and the stray file.
func TestAuditDemoRegion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan, err := demo.Generate(demo.Options{Dir: dir, Units: 10, Seed: 7, GenerateOnly: true, NoLegacy: true, Workers: 1})
	require.NoError(t, err)
	rosterPath := filepath.Join(dir, demo.RosterFile)
	ros, err := read.ReadRoster(rosterPath)
	require.NoError(t, err)
	received := filepath.Join(dir, demo.ReceivedDir)
	subs, err := loadSubmitted(received, ros, batch.Options{Workers: 1})
	require.NoError(t, err)
	require.Len(t, subs, len(ros.Units)-1, "every unit but the demo's missing one submitted")

	pubDir := filepath.Join(dir, "年报")
	require.NoError(t, os.Mkdir(pubDir, 0o755))
	// alter changes cells of a unit's publication: unit index → key → delta.
	alter := map[int]map[string]float64{2: {"t3.open.person": 1}, 4: {"t2.normative.valid": -2, "t4.review.total": 3},
		6: {"t3.carryover.total": 5}}
	omitted := 3 // a unit that submitted but did not publish (not the demo's unit that did not submit)
	// damaged's publication (PDF text) lost two numbers of its 表三 row （一）予以公开: the row cannot be tied
	// to its columns, so its cells are reported unread and not compared — never differences against a 0.
	damaged := 9
	if ros.Units[omitted].Code == plan.Missing.Code {
		omitted = 7
	}
	var donor *model.Report
	for i, u := range ros.Units {
		s, ok := subs[u.Code]
		if i == omitted || !ok {
			continue
		}
		r := *s.report
		r.Values = map[string]float64{}
		for k, v := range s.report.Values {
			r.Values[k] = v
		}
		for k, d := range alter[i] {
			_, has := r.Values[k]
			require.True(t, has, "%s of %s", k, u.Name)
			r.Values[k] += d
		}
		donor = &r
		// Published as PDF text, or written by publish as a web page or a Word file.
		base := filepath.Join(pubDir, fmt.Sprintf("%02d", i))
		switch i % 3 {
		case 0:
			text := renderText(&r, u.Name)
			if i == damaged {
				text = dropNumbers(t, text, "（一）予以公开", 2)
			}
			require.NoError(t, os.WriteFile(base+".txt", []byte(text), 0o644))
		case 1:
			require.NoError(t, publish.WriteFile(base+".html", &r))
		case 2:
			require.NoError(t, publish.WriteFile(base+".docx", &r))
		}
	}
	require.NotEmpty(t, plan.Missing.Name)
	require.NoError(t, os.WriteFile(filepath.Join(pubDir, "补发.txt"), []byte(renderText(donor, plan.Missing.Name)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pubDir, "其他.txt"), []byte(renderText(donor, "名单外某局")), 0o644))

	a, err := Run(Options{Roster: rosterPath, Submitted: received, Published: []string{pubDir}, Batch: batch.Options{Workers: 1}})
	require.NoError(t, err)
	require.Len(t, a.Units, len(ros.Units))
	assert.True(t, a.Failed())
	require.Len(t, a.Unmatched, 1)
	assert.Equal(t, filepath.Join(pubDir, "其他.txt"), a.Unmatched[0].Path)
	for i, u := range a.Units {
		if i == omitted {
			assert.Equal(t, StatusNotFound, u.Status, u.Name)
			assert.Empty(t, u.Published)
			continue
		}
		require.Equal(t, StatusPublished, u.Status, u.Name)
		require.Len(t, u.Published, 1, u.Name)
		if u.Code == plan.Missing.Code {
			assert.Empty(t, u.Comparisons, "nothing submitted, nothing compared")
			continue
		}
		require.Len(t, u.Comparisons, 1, u.Name)
		c := u.Comparisons[0]
		assert.Empty(t, c.Mismatches, u.Name)
		if i == damaged {
			var unread []string
			for _, f := range u.Published[0].Findings {
				if f.Rule == "R-4" {
					unread = append(unread, f.Key)
				}
			}
			sort.Strings(unread)
			assert.Equal(t, []string{"t3.open.business", "t3.open.legal", "t3.open.nonprofit", "t3.open.otherorg",
				"t3.open.person", "t3.open.research", "t3.open.total"}, unread)
		}
		var got []string
		for _, d := range c.Differences {
			got = append(got, d.Key)
			assert.Equal(t, *d.A+alter[i][d.Key], *d.B, d.Key)
			assert.NotEmpty(t, d.BSource.String(), "the publication's line or cell")
			assert.NotEmpty(t, d.ASource.String(), "the submission's cell")
		}
		var want []string
		for k := range alter[i] {
			want = append(want, k)
		}
		sort.Strings(got)
		sort.Strings(want)
		assert.Equal(t, want, got, u.Name)
		assert.Greater(t, c.Compared, 100, u.Name)
	}

	formats := map[string]bool{}
	for _, u := range a.Units {
		for _, p := range u.Published {
			formats[p.Format] = true
		}
	}
	assert.Equal(t, map[string]bool{"pdftext": true, "html": true, "docx": true}, formats)

	out := filepath.Join(dir, "核查.xlsx")
	require.NoError(t, WriteWorkbook(out, a))
	wb, err := read.Open(out, read.Limits{})
	require.NoError(t, err)
	diffs := 0
	for _, m := range alter {
		diffs += len(m)
	}
	rows := map[string]int{}
	for _, g := range wb.Grids {
		rows[g.Name] = len(g.Rows)
	}
	assert.Equal(t, 1+len(ros.Units), rows["公开情况"])
	assert.Equal(t, 1+diffs, rows["不一致"])
	assert.Equal(t, 2, rows["无法对应"])
}
