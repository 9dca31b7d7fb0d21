//! Dialogs loaded on demand: the Customers page's dialogs (Add customers, Add organization,
//! Raise request) are not in the agent app's wasm but in a module of their own — the Trunk
//! build `dialogs.html` (binary `clientele-dialogs`), served under `/agent-dialogs/` — which the
//! agent app loads the first time one of them opens (or a button that opens one is pointed at or
//! focused: [`prefetch_dialogs`]), so that the first load of a project's Customers page does not
//! carry them.
//!
//! Both sides are here. The agent app shows [`OnDemandDialog`]: a dialog with the real one's
//! title saying "Loading…" while the module loads (or why it could not, with Try again), which
//! then hands over to the real dialog, mounted by the module in an element of the page. The
//! module (`src/dialogs_main.rs`) exports one function per dialog that calls [`mount`]`_…`
//! here with what the dialog needs: the JSON of the session's `myself` (the same answer the
//! page decided from), the project key, and JavaScript functions to call when it closes or
//! changed something. The two are separate wasm instances, each with its own Leptos runtime:
//! they share the DOM, the cookies and the JSON API, nothing else.

use clientele_domain::wire::request::CustomerRequest;
use clientele_domain::wire::{Customer, Myself, OrganizationRef};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::add_customers_dialog::{AddCustomersDialog, AddCustomersOptions, Choice};
use super::add_organization_dialog::AddOrganizationDialog;
use super::modal::{forget_opener, innermost_opener, Modal};
use crate::pages::project::{attached_organizations, RaiseRequestDialog, Raised};
use crate::project_scope::ProjectScope;
use clientele_domain::policy::Action;

// The module's file names carry a hash (cached immutably): they are read from the build's
// `index.html`, which is revalidated. One load per page; a failed one is forgotten, so that
// the next try loads again.
#[wasm_bindgen(inline_js = r#"
let loaded = null;
export function load_dialogs() {
  if (!loaded) {
    loaded = (async () => {
      const index = await fetch('/agent-dialogs/index.html');
      if (!index.ok) throw new Error(`the server answered ${index.status}`);
      const html = await index.text();
      const js = html.match(/\/agent-dialogs\/[\w.-]+\.js/);
      const wasm = html.match(/\/agent-dialogs\/[\w.-]+\.wasm/);
      if (!js || !wasm) throw new Error('the dialogs build is incomplete');
      const module = await import(js[0]);
      await module.default({ module_or_path: wasm[0] });
      return module;
    })();
    loaded.catch(() => { loaded = null; });
  }
  return loaded;
}
export function mount_dialog(module, name, args) { return module[name](...args); }
export function unmount_dialog(mounted) { mounted.free(); }
"#)]
extern "C" {
    fn load_dialogs() -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn mount_dialog(module: &JsValue, name: &str, args: &js_sys::Array) -> Result<JsValue, JsValue>;
    fn unmount_dialog(mounted: &JsValue);
}

/// Starts loading the dialogs' module, if it is not loaded or loading: for the buttons that
/// open one, when pointed at or focused, so that a click rarely waits.
pub fn prefetch_dialogs() {
    let _ = load_dialogs();
}

/// What a JavaScript error says.
fn reason(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    Ready,
}

/// A dialog of the module: "Loading…" under `title` (the dialog's own title) until the module
/// is loaded, then the dialog, mounted by the module's function `mount` with the page's element
/// to mount on and `args`; if the module cannot be loaded, why, with Try again.
#[component]
pub fn OnDemandDialog(
    /// The dialog's title, shown while loading.
    #[prop(into)]
    title: String,
    /// Extra class names of the loading dialog's box (the dialog's own).
    #[prop(optional, into)]
    class: String,
    /// The module's function that mounts the dialog.
    mount: &'static str,
    /// Its arguments after the element.
    args: Vec<JsValue>,
    /// Cancel or Escape while loading.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let state = RwSignal::new(Load::Loading);
    let host = NodeRef::<leptos::html::Div>::new();
    let mounted = StoredValue::new_local(None::<JsValue>);
    let args = StoredValue::new_local(args);
    let open = move |module: JsValue| -> Result<JsValue, JsValue> {
        let Some(host) = host.get_untracked() else {
            return Err(JsValue::from_str("the dialog's place is gone"));
        };
        let call = js_sys::Array::of1(&host);
        args.with_value(|args| args.iter().for_each(|a| _ = call.push(a)));
        // The loaded dialog returns focus to whatever opened this one.
        let opener = innermost_opener();
        if let Some(opener) = &opener {
            let _ = opener.focus();
        }
        let done = mount_dialog(&module, mount, &call);
        if done.is_ok() {
            forget_opener();
        }
        done
    };
    let load = move || {
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = wasm_bindgen_futures::JsFuture::from(load_dialogs()).await;
            if state.try_get_untracked().is_none() {
                return; // closed while loading
            }
            match loaded.and_then(open) {
                Ok(handle) => {
                    mounted.set_value(Some(handle));
                    state.set(Load::Ready);
                }
                Err(e) => state.set(Load::Failed(format!(
                    "Couldn't load this dialog ({}). Check your connection and try again.",
                    reason(&e)
                ))),
            }
        });
    };
    load();
    on_cleanup(move || {
        if let Some(handle) = mounted.try_update_value(Option::take).flatten() {
            unmount_dialog(&handle);
        }
    });

    // One view, changed by attributes and text only: the loading dialog is in every first load.
    let failed = move || matches!(state.get(), Load::Failed(_));
    let status = move || match state.get() {
        Load::Failed(why) => why,
        _ => "Loading…".to_string(),
    };
    view! {
        <div class="on-demand" hidden=move || state.get() == Load::Ready>
            <Modal labelled_by="on-demand-status" class=class on_close=on_close>
                <h2>{title}</h2>
                <p id="on-demand-status" role="status" class=move || if failed() { "error" } else { "loading" }>{status}</p>
                <div class="dialog-buttons">
                    <button type="button" class="button-primary" hidden=move || !failed() on:click=move |_| load()>"Try again"</button>
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                </div>
            </Modal>
        </div>
        <div node_ref=host></div>
    }
}

/// A JavaScript function taking nothing, for the module: runs `f`.
pub fn js_function(f: impl Fn() + 'static) -> JsValue {
    Closure::<dyn Fn()>::new(f).into_js_value()
}

/// A JavaScript function taking a string, for the module: runs `f` with it.
pub fn js_function_text(f: impl Fn(String) + 'static) -> JsValue {
    Closure::<dyn Fn(String)>::new(f).into_js_value()
}

/// What a raised request's notice says ([`Raised`]), as the module sends it to the page:
/// issue key, who it is for, and whether they are invited.
pub fn js_function_raised(f: impl Fn(Raised) + 'static) -> JsValue {
    Closure::<dyn Fn(String, String, bool)>::new(move |issue_key, who, invited| {
        f(Raised {
            issue_key,
            who,
            invited,
        })
    })
    .into_js_value()
}

/// Add customers, loaded on demand: to the project `key`, or to `organization` (id, name)
/// opened from it.
#[component]
pub fn AddCustomersOnDemand(
    #[prop(into)] key: String,
    /// Where they go, for the title: the project's or the organization's name.
    #[prop(into)]
    target_name: String,
    #[prop(optional)] organization: Option<(String, String)>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_added: Callback<()>,
) -> impl IntoView {
    let (id, name) = organization.unzip();
    let args = vec![
        crate::api::myself_json().into(),
        key.into(),
        id.into(),
        name.into(),
        js_function(move || on_close.run(())),
        js_function(move || on_added.run(())),
    ];
    view! {
        <OnDemandDialog title=format!("Add customers to {target_name}") class="modal-wide" mount="add_customers"
            args=args on_close=on_close/>
    }
}

/// Add organization, loaded on demand, to the project `key` named `project_name`; `on_added`
/// gets the sentence saying what changed.
#[component]
pub fn AddOrganizationOnDemand(
    #[prop(into)] key: String,
    #[prop(into)] project_name: String,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_added: Callback<String>,
) -> impl IntoView {
    let args = vec![
        crate::api::myself_json().into(),
        key.into(),
        js_function(move || on_close.run(())),
        js_function_text(move |done| on_added.run(done)),
    ];
    view! {
        <OnDemandDialog title=format!("Add organization to {project_name}") mount="add_organization"
            args=args on_close=on_close/>
    }
}

/// Raise request, loaded on demand, in the project `key` named `project_name`, for `customer`.
#[component]
pub fn RaiseRequestOnDemand(
    #[prop(into)] key: String,
    #[prop(into)] project_name: String,
    customer: Customer,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_raised: Callback<Raised>,
) -> impl IntoView {
    let args = vec![
        crate::api::myself_json().into(),
        key.into(),
        serde_json::to_string(&customer).unwrap_or_default().into(),
        js_function(move || on_close.run(())),
        js_function_raised(move |raised| on_raised.run(raised)),
    ];
    view! {
        <OnDemandDialog title=format!("Raise a request in {project_name}") class="raise-dialog" mount="raise_request"
            args=args on_close=on_close/>
    }
}

// The module's side.

/// A dialog the module mounted: dropping it unmounts the dialog.
pub type Mounted = Box<dyn std::any::Any>;

fn scope_of(myself: &str, key: &str) -> Result<ProjectScope, String> {
    let me: Myself = serde_json::from_str(myself)
        .map_err(|_| "The session could not be read: reload the page.".to_string())?;
    ProjectScope::find(&me, key).ok_or_else(|| format!("You no longer work on {key}: reload the page."))
}

/// `f`, a JavaScript function of the page, as a callback of the module's dialog (made inside
/// its owner, so that it goes with it).
fn callback<T: 'static>(f: js_sys::Function, arg: fn(T) -> [JsValue; 3]) -> Callback<T> {
    let f = StoredValue::new_local(f);
    Callback::new(move |value: T| {
        let [a, b, c] = arg(value);
        f.with_value(|f| {
            let _ = f.call3(&JsValue::NULL, &a, &b, &c);
        });
    })
}

fn nothing<T>(_: T) -> [JsValue; 3] {
    [JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED]
}

/// Mounts Add customers on `host`: to the project `key`, or to the organization `organization`
/// (id, name) opened from it. The Organization select, when offered, fills with the
/// organizations attached to the project once they are loaded.
pub fn mount_add_customers(
    host: web_sys::HtmlElement,
    myself: &str,
    key: &str,
    organization: Option<(String, String)>,
    on_close: js_sys::Function,
    on_added: js_sys::Function,
) -> Result<Mounted, String> {
    let scope = scope_of(myself, key)?;
    let options = match &organization {
        Some((id, name)) => AddCustomersOptions::for_organization(&scope, id, name),
        None => AddCustomersOptions::for_project(&scope),
    };
    let key = key.to_string();
    Ok(Box::new(leptos::mount::mount_to(host, move || {
        let choices = RwSignal::new(Vec::<OrganizationRef>::new());
        if options.organization_select == Choice::Offered {
            leptos::task::spawn_local(async move {
                if let Ok(orgs) = attached_organizations(&key).await {
                    choices.try_set(orgs);
                }
            });
        }
        view! {
            <AddCustomersDialog options=options organizations=choices
                on_close=callback(on_close, nothing) on_added=callback(on_added, nothing)/>
        }
    })))
}

/// Mounts Add organization on `host`, for the project `key`; `on_added` gets the sentence
/// saying what changed.
pub fn mount_add_organization(
    host: web_sys::HtmlElement,
    myself: &str,
    key: &str,
    on_close: js_sys::Function,
    on_added: js_sys::Function,
) -> Result<Mounted, String> {
    let scope = scope_of(myself, key)?;
    Ok(Box::new(leptos::mount::mount_to(host, move || {
        view! {
            <AddOrganizationDialog project_key=scope.project.key.clone() project_name=scope.project.name.clone()
                can_attach=scope.can(Action::AttachOrganization) can_create=scope.can(Action::CreateOrganization)
                on_close=callback(on_close, nothing)
                on_added=callback(on_added, |done: String| [done.into(), JsValue::UNDEFINED, JsValue::UNDEFINED])/>
        }
    })))
}

/// Mounts Raise request on `host`, in the project `key`, for `customer` (the JSON of a
/// [`Customer`]); `on_raised` gets what the notice says ([`js_function_raised`]).
pub fn mount_raise_request(
    host: web_sys::HtmlElement,
    myself: &str,
    key: &str,
    customer: &str,
    on_close: js_sys::Function,
    on_raised: js_sys::Function,
) -> Result<Mounted, String> {
    let scope = scope_of(myself, key)?;
    let customer = serde_json::from_str::<Customer>(customer)
        .map_err(|_| "The customer could not be read: reload the page.".to_string())?;
    Ok(Box::new(leptos::mount::mount_to(host, move || {
        let raised = |request: CustomerRequest| {
            let Raised {
                issue_key,
                who,
                invited,
            } = Raised::from(&request);
            [issue_key.into(), who.into(), invited.into()]
        };
        view! {
            <RaiseRequestDialog scope=scope customer=customer on_close=callback(on_close, nothing)
                on_raised=callback(on_raised, raised)/>
        }
    })))
}
