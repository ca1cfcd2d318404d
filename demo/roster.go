package demo

import (
	"fmt"

	"nianbao/model"
)

// Names of the sample region's units; more units than names get numbered names.
var (
	cityDepts = []string{"发展和改革委员会", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局",
		"人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
		"农业农村局", "商务局", "文化广电旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局",
		"统计局", "医疗保障局", "城市管理局", "档案局"}
	districts = []string{"东城区", "西城区", "南湖区", "北山区", "江滨区", "高新区", "临港区", "青山区", "白塔区", "红河区"}
	distDepts = []string{"发展和改革局", "教育局", "财政局", "自然资源局", "住房和城乡建设局", "卫生健康局",
		"市场监督管理局", "民政局", "人力资源和社会保障局", "农业农村局"}
	towns = []string{"城关街道", "新华街道", "东风街道", "和平镇", "青石镇", "柳河镇", "双桥镇", "长乐乡", "石门乡", "清水镇"}
)

// Region is the sample region's name.
const Region = "示例市"

// roster builds the roster of a sample region of n units: the city government, its departments, and
// districts each with a government, departments and towns. Codes are six digits in roster order.
func roster(n int) *model.Roster {
	n = max(n, 3)
	r := &model.Roster{}
	seq := 0
	add := func(name, parent, cat string) string {
		seq++
		code := fmt.Sprintf("%06d", seq)
		if seq > 999999 {
			code = fmt.Sprint(seq)
		}
		r.Units = append(r.Units, model.RosterUnit{Code: code, Name: name, Parent: parent, Category: cat, Row: seq + 1})
		return code
	}
	top := add(Region+"人民政府办公室", "", "政府")
	nd := max(1, min(n/13, 1000000))
	rest := n - 1 - nd
	nCity := rest * 3 / 10
	perDist := (rest - nCity) / nd
	nCity = rest - perDist*nd
	for i := 0; i < nCity; i++ {
		add(Region+numbered(cityDepts, i), top, "部门")
	}
	for d := 0; d < nd; d++ {
		dn := numbered(districts, d)
		dc := add(Region+dn+"人民政府办公室", top, "政府")
		for i := 0; i < perDist; i++ {
			if i%3 == 2 {
				add(dn+numbered(towns, i/3), dc, "乡镇街道")
			} else {
				add(dn+numbered(distDepts, i-i/3), dc, "部门")
			}
		}
	}
	return r
}

// numbered returns the i-th name of a list, with a number once the list is used up.
func numbered(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("第%d%s", i/len(names)+1, names[i%len(names)])
}
