package pdf

import (
	"bytes"
	"fmt"
	"regexp"

	"nianbao/extract/pdf/lex"
)

// Repair of a broken cross-reference table. Files edited by hand, cut short by a download or rewritten by
// a web server often point startxref or their xref entries at the wrong bytes; readers such as poppler then
// find the objects by scanning for "N G obj". repair does the same: it appends a new cross-reference table
// built from the object headers in the file, and a trailer with the last /Root, /Encrypt and /ID it finds.
// Objects inside object streams are not found this way; a file that needs them stays unreadable.

var (
	encryptRe = regexp.MustCompile(`/Encrypt\s+(\d+\s+\d+\s+R)`)
	idRe      = regexp.MustCompile(`/ID\s*(\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\])`)
)

// repair returns data with a rebuilt cross-reference table appended, or ok=false when it finds no objects
// or no /Root.
func repair(data []byte) ([]byte, bool) {
	offs, gens := lex.Objects(data)
	top := 0
	for n := range offs {
		top = max(top, n)
	}
	roots := lex.RootRef.FindAllSubmatch(data, -1)
	if len(offs) == 0 || len(roots) == 0 {
		return nil, false
	}
	var b bytes.Buffer
	b.Grow(len(data) + 20*(top+1) + 256)
	b.Write(data)
	b.WriteString("\n")
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", top+1)
	for n := 1; n <= top; n++ {
		if off, ok := offs[n]; ok {
			fmt.Fprintf(&b, "%010d %05d n \n", off, gens[n])
		} else {
			b.WriteString("0000000000 00000 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s", top+1, roots[len(roots)-1][1])
	if e := encryptRe.FindAllSubmatch(data, -1); len(e) > 0 {
		fmt.Fprintf(&b, " /Encrypt %s", e[len(e)-1][1])
	}
	if id := idRe.FindAllSubmatch(data, -1); len(id) > 0 {
		fmt.Fprintf(&b, " /ID %s", id[len(id)-1][1])
	}
	fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", x)
	return b.Bytes(), true
}
