package templates

import "slices"

// headers places nested labels: for each line (a column when across, else a row) its path of texts,
// outermost first. Lines sharing a path prefix share one merged cell per level; the last text of a path
// is merged to the innermost level (depth-1). Line i sits at position first+i; level l at position
// level0+l on the other axis. It returns, for each line, the label cell of each level of its path.
func (b *builder) headers(across bool, first, level0, depth int, paths [][]string) [][]LabelCell {
	out := make([][]LabelCell, len(paths))
	for i, path := range paths {
		out[i] = make([]LabelCell, len(path))
		for l, text := range path {
			if l < len(path)-1 && i > 0 && len(paths[i-1]) > l+1 && slices.Equal(paths[i-1][:l+1], path[:l+1]) {
				out[i][l] = out[i-1][l] // inside the group cell placed for an earlier line
				continue
			}
			// extent along the lines, and along the levels
			n, m := 1, 1
			if l < len(path)-1 {
				for i+n < len(paths) && len(paths[i+n]) > l+1 && slices.Equal(paths[i+n][:l+1], path[:l+1]) {
					n++
				}
			} else {
				m = depth - l
			}
			st := Header
			if !across {
				st = RowLabel
			}
			if across {
				out[i][l] = b.label(text, st, first+i, level0+l, first+i+n-1, level0+l+m-1)
			} else {
				out[i][l] = b.label(text, st, level0+l, first+i, level0+l+m-1, first+i+n-1)
			}
		}
	}
	return out
}

// pathOf is the header path of a line: its groups, then its label.
func pathOf(groups []string, label string) []string {
	return append(slices.Clone(groups), label)
}

// depthOf is the number of levels the longest path needs.
func depthOf(paths [][]string) int {
	d := 0
	for _, p := range paths {
		d = max(d, len(p))
	}
	return d
}
