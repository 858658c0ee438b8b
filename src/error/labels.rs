//! What a clerk reads for a field's key: its name in Chinese and English. A key that is a
//! setting is named by the setting's label; a key with no name is shown as it is.

/// Field keys and their names: (key, Chinese, English).
const FIELDS: &[(&str, &str, &str)] = &[
    ("name", "名称", "name"),
    ("undo", "撤销", "undo"),
    ("kind", "类型", "kind"),
    ("uscc", "统一社会信用代码", "unified social credit code"),
    ("uscc_override", "保留理由", "override reason"),
    (
        "uscc_shared_reason",
        "共用代码理由",
        "reason for sharing the code",
    ),
    ("street", "街道/乡镇", "street or township"),
    ("street_code", "街道/乡镇代码", "street code"),
    ("community", "社区", "community"),
    ("community_code", "社区代码", "community code"),
    ("area", "报送区域", "reporting area"),
    ("naming_batch", "命名批次", "naming batch"),
    ("naming_doc", "命名文号", "naming document"),
    ("district", "行政区划", "district"),
    ("address", "地址", "address"),
    ("contact", "联系人", "contact"),
    ("phone", "电话", "phone"),
    ("manager", "负责人", "manager"),
    ("headcount", "人数/户数", "people or households"),
    (
        "baseline_headcount",
        "基准年人数/户数",
        "baseline people or households",
    ),
    ("baseline_year", "基准年", "baseline year"),
    ("status", "状态", "status"),
    ("certified_on", "认证日期", "certification date"),
    ("month", "月份", "month"),
    ("category", "类别", "category"),
    ("generated", "产生量", "generated"),
    ("recycled", "回收利用量", "recycled"),
    ("composted", "堆肥/厨余处理量", "composted or treated"),
    ("incinerated", "焚烧量", "incinerated"),
    ("landfilled", "填埋量", "landfilled"),
    ("file", "文件", "file"),
    ("site", "工地", "site"),
    ("transporter", "运输单位", "transporter"),
    ("vehicle", "车辆", "vehicle"),
    ("plate", "车牌号", "plate"),
    ("driver", "驾驶员", "driver"),
    ("facility", "消纳/利用设施", "facility"),
    ("declared", "申报量", "declared"),
    ("unit", "单位", "unit"),
    ("route", "路线", "route"),
    ("departure_at", "出车时间", "departure time"),
    ("received", "接收量", "received"),
    ("refused", "拒收量", "refused"),
    ("outcome", "接收结论", "outcome"),
    ("received_at", "接收时间", "reception time"),
    ("reason", "理由", "reason"),
    ("note", "说明", "note"),
    ("alert", "预警", "alert"),
    ("valid_until", "有效期至", "valid until"),
    ("product", "产品", "product"),
    ("qty", "数量", "quantity"),
    ("capacity_t", "处理能力（吨/年）", "capacity (t/year)"),
    ("accepts", "接收类别", "accepted categories"),
    ("reused", "现场利用量", "reused on site"),
    ("balanced", "土方平衡量", "sent to other sites"),
    ("product_qty", "产品量", "product quantity"),
    ("out", "导出文件", "output file"),
    ("format", "导出格式", "export format"),
    ("cell", "细胞", "cell"),
    ("bins", "桶（袋）数", "bins (bags)"),
    ("figure", "活动数据", "activity figure"),
    ("year", "年份", "year"),
    ("value", "数值", "value"),
    ("source", "来源", "source"),
    ("stream", "废物流", "waste stream"),
    ("container", "容器", "container"),
    ("container_kg", "每桶（袋）公斤数", "kg per bin (bag)"),
    ("name_zh", "中文名称", "Chinese name"),
    ("name_en", "英文名称", "English name"),
    ("position", "位置", "position"),
    ("code", "代码", "code"),
    ("key", "键", "key"),
    ("denominator", "分母", "denominator"),
    ("to", "截止", "to"),
    ("by", "分组", "grouped by"),
];

/// The names of a field key: (Chinese, English).
pub fn field_names(field: &str) -> (&str, &str) {
    if let Some(f) = FIELDS.iter().find(|f| f.0 == field) {
        return (f.1, f.2);
    }
    if let Some(s) = crate::profile::SETTINGS.iter().find(|s| s.0 == field) {
        return (s.2, s.3);
    }
    // An entry of a month sheet: `<category>:<field>`, named by its field (the message
    // names the category).
    if let Some((_, f)) = field.split_once(':') {
        return field_names(f);
    }
    (field, field)
}
