//! A cell's creation status (创建状态) and the transitions between them:
//! planned 计划 → applying 申报 → creating 创建中 → assessed 已评估 → certified 已命名,
//! and revoked 撤销 from any of them.

use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, Result};
use crate::ids::{today, CellId};
use crate::profile;

/// Creation status of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Status {
    /// 计划: in the city's plan.
    Planned,
    /// 申报: applied, commitment letter submitted.
    Applying,
    /// 创建中: creation under way.
    Creating,
    /// 已评估: assessed (county pre-assessment / city assessment done).
    Assessed,
    /// 已命名: certified, with a date and an expiry.
    Certified,
    /// 撤销: revoked.
    Revoked,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Planned,
        Status::Applying,
        Status::Creating,
        Status::Assessed,
        Status::Certified,
        Status::Revoked,
    ];

    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Applying => "applying",
            Status::Creating => "creating",
            Status::Assessed => "assessed",
            Status::Certified => "certified",
            Status::Revoked => "revoked",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Planned => "计划",
            Status::Applying => "申报",
            Status::Creating => "创建中",
            Status::Assessed => "已评估",
            Status::Certified => "已命名",
            Status::Revoked => "撤销",
        }
    }

    /// The Chinese label of a status key (the key itself if unknown).
    pub fn label_zh_of(key: &str) -> &str {
        key.parse::<Status>().map(Status::label_zh).unwrap_or(key)
    }

    /// The statuses a cell may move to from this one. Besides the forward path: an
    /// application may be withdrawn (applying → planned); a failed assessment returns to
    /// creating; a certified cell is re-assessed when its certification runs out
    /// (certified → assessed); a revoked cell may start again (revoked → planned).
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Planned => &[Applying, Revoked],
            Applying => &[Creating, Planned, Revoked],
            Creating => &[Assessed, Revoked],
            Assessed => &[Certified, Creating, Revoked],
            Certified => &[Assessed, Revoked],
            Revoked => &[Planned],
        }
    }

    /// Whether `self → to` is allowed.
    pub fn can_become(self, to: Status) -> bool {
        self.next().contains(&to)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Status::ALL
            .into_iter()
            .find(|x| x.key().eq_ignore_ascii_case(s) || x.label_zh() == s)
            .ok_or_else(|| Error::field("status", "unknown_status", &[("value", s)]))
    }
}

pub(super) fn apply(
    w: &mut Writer<'_>,
    id: CellId,
    to: Status,
    on: Option<&str>,
    reason: Option<&str>,
) -> Result<()> {
    let cell = super::get(w.tx(), id)?;
    if !cell.status.can_become(to) {
        return Err(Error::BadTransition {
            from: cell.status.key().into(),
            to: to.key().into(),
        });
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if to == Status::Revoked && reason.is_none() {
        return Err(Error::field("reason", "required", &[]));
    }
    let (certified_on, expires_on) = if to == Status::Certified {
        let on = on
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::field("certified_on", "certified_on_required", &[]))?;
        let date = NaiveDate::parse_from_str(on, "%Y-%m-%d")
            .map_err(|_| Error::field("certified_on", "bad_date", &[("value", on)]))?;
        if date > today() {
            return Err(Error::field("certified_on", "bad_value", &[("value", on)]));
        }
        let years: u32 = profile::setting_or_default(w.tx(), "certification.validity_years")?
            .parse()
            .unwrap_or(3);
        let expires = date
            .checked_add_months(Months::new(years * 12))
            .and_then(|d| d.pred_opt())
            .unwrap_or(date);
        (Some(date.to_string()), Some(expires.to_string()))
    } else if to == Status::Assessed || to == Status::Revoked {
        // Re-assessment or revocation ends the certification.
        (None, None)
    } else {
        (cell.certified_on.clone(), cell.expires_on.clone())
    };
    let before = w.snapshot("cells", id.as_bytes())?;
    w.tx().execute(
        "UPDATE cells SET status = ?2, certified_on = ?3, expires_on = ?4, updated_at = ?5,
            origin = ?6, clock = ?7 WHERE id = ?1",
        rusqlite::params![
            id,
            to.key(),
            certified_on,
            expires_on,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("cells", id.as_bytes(), before, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forward_path_is_allowed_and_skipping_is_not() {
        use Status::*;
        let path = [Planned, Applying, Creating, Assessed, Certified];
        for w in path.windows(2) {
            assert!(w[0].can_become(w[1]), "{} → {}", w[0], w[1]);
        }
        assert!(!Planned.can_become(Certified));
        assert!(!Applying.can_become(Assessed));
        assert!(!Revoked.can_become(Certified));
        for s in [Planned, Applying, Creating, Assessed, Certified] {
            assert!(s.can_become(Revoked), "{s} can be revoked");
        }
    }

    #[test]
    fn statuses_parse_by_key_or_chinese_label() {
        assert_eq!("certified".parse::<Status>().unwrap(), Status::Certified);
        assert_eq!("创建中".parse::<Status>().unwrap(), Status::Creating);
        assert!("done".parse::<Status>().is_err());
    }
}
