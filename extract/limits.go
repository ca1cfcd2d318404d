package extract

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/net/html"
)

// countCells refuses, before anything is parsed into a tree, an input holding more table cells than
// MaxCells (HTML <td>/<th>, Word <w:tc>, cells of pipe-separated text) or, for a web page, more elements
// than MaxElements. It streams: its own memory does not grow with the input.
func countCells(name string, data []byte) error {
	over := func(what string, n int) error {
		return fmt.Errorf("%w: %s: more than %d %s", ErrTooManyCells, name, n, what)
	}
	switch {
	case isZip(data):
		return nil // docx: counted on its document part (readDocx)
	case isHTML(data):
		z := html.NewTokenizer(bytes.NewReader(data))
		cells, elements := 0, 0
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				if z.Err() == io.EOF {
					return nil
				}
				return nil // the parser reports it
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			if elements++; elements > MaxElements {
				return over("elements", MaxElements)
			}
			if n, _ := z.TagName(); string(n) == "td" || string(n) == "th" {
				if cells++; cells > MaxCells {
					return over("cells", MaxCells)
				}
			}
		}
	default:
		if bytes.Count(data, []byte("|")) > MaxCells {
			return over("cells", MaxCells)
		}
	}
	return nil
}

// countWordCells refuses a Word document part with more than MaxCells table cells.
func countWordCells(name string, body []byte) error {
	if bytes.Count(body, []byte("<w:tc>"))+bytes.Count(body, []byte("<w:tc ")) > MaxCells {
		return fmt.Errorf("%w: %s: more than %d cells", ErrTooManyCells, name, MaxCells)
	}
	return nil
}
