//! Saving text the panel made (an export) as a file, through a Blob URL: a data URL of a
//! 50,000-row export would be tens of megabytes in an attribute.

use wasm_bindgen::JsCast;

/// Offers `content` for download as `file_name`.
pub fn save_text(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "The browser could not make the file.".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "The browser could not make the file.".to_owned())?;
    let link = leptos::prelude::document()
        .create_element("a")
        .map_err(|_| "The browser could not make the file.".to_owned())?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download reads the URL after this task; free it once it surely has.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
