package xlsx

import "github.com/xuri/excelize/v2"

// MoveSheet moves sheet before another (a summary's 汇总说明, the 校验结果 sheet of an annotated copy).
// Sheet-scoped defined names (print titles, print areas) are stored by sheet position, which excelize's
// MoveSheet leaves stale; they are taken out and put back by name.
func MoveSheet(f *excelize.File, sheet, before string) error {
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			scoped = append(scoped, dn)
			if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
				return err
			}
		}
	}
	if err := f.MoveSheet(sheet, before); err != nil {
		return err
	}
	for _, dn := range scoped {
		if err := f.SetDefinedName(&dn); err != nil {
			return err
		}
	}
	return nil
}
