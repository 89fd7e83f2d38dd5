//! One row's cells as HTML, made once from its precomputed value: the browser parses a
//! page of rows in one go, instead of the panel building each cell and text node through
//! the DOM one call at a time. Every value is escaped (`html-escape`), so nothing WHMCS
//! stores can become markup. Clicks are handled once for the whole table (Copy, the
//! checkboxes, the links through the router).

use html_escape::{
    encode_double_quoted_attribute_to_string as attr, encode_text_to_string as text,
};

use super::state::rows::PageRow;

/// The `<td>`s of `row`; with a selection checkbox, ticked or not.
pub fn cells(row: &PageRow, checkbox: Option<bool>) -> String {
    let v = &row.value;
    let mut h = String::with_capacity(1600);
    if let Some(checked) = checkbox {
        h.push_str(
            r#"<td class="select"><input type="checkbox" data-testid="select-row" data-select=""#,
        );
        h.push_str(&v.id.to_string());
        h.push_str(r#"" aria-label="Select "#);
        attr(&v.name, &mut h);
        h.push('"');
        if checked {
            h.push_str(" checked");
        }
        h.push_str("></td>");
    }
    h.push_str(r#"<td class="num" data-label="ID">"#);
    h.push_str(&v.id.to_string());
    h.push_str(r#"</td><td class="name"><a href=""#);
    attr(&v.href, &mut h);
    h.push_str(r#"" title=""#);
    attr(&row.title, &mut h);
    h.push_str(r#"" data-testid="row-name">"#);
    text(&row.title, &mut h);
    h.push_str(r#"</a></td><td class="grant" data-label="Grant" data-testid="row-grant">"#);
    text(&v.grant, &mut h);
    h.push_str(r#"</td><td class="scope-chips" data-label="Scopes" title=""#);
    attr(&v.scopes, &mut h);
    h.push_str(r#"" aria-label=""#);
    attr(&v.scopes, &mut h);
    h.push_str(r#""><span class="chips">"#);
    for chip in &v.chips {
        h.push_str(r#"<span class="chip">"#);
        text(chip, &mut h);
        h.push_str("</span>");
    }
    if v.more > 0 {
        h.push_str(r#"<span class="chip chip-more">+"#);
        h.push_str(&v.more.to_string());
        h.push_str("</span>");
    }
    // Shortened in the middle (prefix and tail identify it); whole on hover and on focus.
    h.push_str(r#"</span></td><td class="mono client" data-label="Client"><span class="trunc" tabindex="0" title=""#);
    attr(&v.client, &mut h);
    h.push_str(r#"" data-testid="row-client" data-full=""#);
    attr(&v.client, &mut h);
    h.push_str(r#""><span class="trunc-short" aria-hidden="true">"#);
    text(&v.short_client, &mut h);
    h.push_str(r#"</span><span class="trunc-full">"#);
    text(&v.client, &mut h);
    h.push_str(r#"</span></span><button type="button" class="button button-small" aria-label="Copy client identifier" data-copy=""#);
    attr(&v.client, &mut h);
    h.push_str(r#"">Copy</button></td><td class="service"#);
    if v.service_id == 0 {
        h.push_str(" no-service");
    }
    h.push_str(r#"" data-label="Service"><span class="service-id" data-testid="row-service">"#);
    if v.service_id > 0 {
        h.push_str(&v.service_id.to_string());
    }
    h.push_str("</span>");
    if let Some(cell) = &row.service {
        h.push_str(r#"<span class="status"#);
        if cell.ended {
            h.push_str(" status-ended");
        }
        h.push_str(r#"" title=""#);
        attr(&cell.detail, &mut h);
        h.push_str(r#"" data-testid="row-service-status">"#);
        text(&cell.status, &mut h);
        h.push_str(r#"</span><span class="service-text" title=""#);
        attr(&cell.detail, &mut h);
        h.push_str(r#"" data-testid="row-service-context">"#);
        text(&cell.text, &mut h);
        h.push_str("</span>");
    }
    h.push_str(r#"</td><td class="num" data-label="Redirects" data-testid="row-redirects">"#);
    h.push_str(&v.redirects.to_string());
    h.push_str("</td>");
    for (label, (day, full)) in [("Created", &v.created), ("Updated", &v.updated)] {
        h.push_str(r#"<td class="date" data-label=""#);
        h.push_str(label);
        h.push_str(r#""><time title=""#);
        attr(full, &mut h);
        h.push_str(r#"">"#);
        text(day, &mut h);
        h.push_str("</time></td>");
    }
    h
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::pages::list::state::rows::tests::sso;
    use crate::pages::list::state::rows::{PageRow, RowValue, ServiceCell};

    fn row(name: &str, client: &str) -> PageRow {
        let mut c = sso(12, 103);
        c.name = name.into();
        c.client_identifier = client.into();
        PageRow::new(1, 0, Arc::new(RowValue::new(&c)), None)
    }

    #[test]
    fn nothing_whmcs_stores_becomes_markup() {
        let html = cells(
            &row("<img src=x onerror=alert(1)> & \"q\"", "A\"B<C>"),
            Some(false),
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; "),
            "{html}"
        );
        assert!(html.contains(r#"data-copy="A&quot;B&lt;C&gt;""#), "{html}");
        assert!(html.contains(r#"aria-label="Select &lt;img"#), "{html}");
    }

    #[test]
    fn a_row_has_its_cells_its_tick_and_its_service() {
        let plain = row("Portal", "ACME.1");
        let html = cells(&plain, Some(true));
        assert!(html.starts_with(r#"<td class="select"><input type="checkbox" data-testid="select-row" data-select="12" aria-label="Select Portal" checked></td>"#), "{html}");
        assert!(html.contains(
            r#"<a href="/credentials/12" title="Portal" data-testid="row-name">Portal</a>"#
        ));
        assert!(html.contains(
            r#"<span class="chip">clientarea:sso</span><span class="chip chip-more">+1</span>"#
        ));
        assert!(
            html.contains(r#"<span class="service-id" data-testid="row-service">103</span></td>"#)
        );
        assert!(
            !cells(&plain, None).contains("checkbox"),
            "read-only roles tick nothing"
        );
        let with_service = PageRow {
            service: Some(ServiceCell {
                status: "Terminated".into(),
                ended: true,
                text: "Hana Sato · Email Pro".into(),
                detail: "all of it".into(),
            }),
            ..plain
        };
        assert!(cells(&with_service, None).contains(r#"<span class="status status-ended" title="all of it" data-testid="row-service-status">Terminated</span>"#));
    }
}
