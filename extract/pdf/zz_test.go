package pdf
import ("os";"testing";"fmt")
func TestZZ(t *testing.T){
 data,_ := os.ReadFile("../testdata/real/020_chromium_noborder.pdf")
 d, err := Read("x", data, Limits{})
 if err != nil { t.Fatal(err) }
 for _, l := range d.Lines { fmt.Printf("%d/%d|%s\n", l.Page, l.N, l.Columns) }
}
