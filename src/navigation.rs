//! Which places of the app the signed-in person may go to: the navigation they see.

use clientele_domain::wire::Myself;

/// One entry of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    /// What the link says.
    pub label: String,
    /// Where it goes.
    pub href: String,
}

/// The navigation for this person: a link per service project they work on, **Settings** for
/// site admins, and the help center for everyone.
pub fn nav_links(me: &Myself) -> Vec<NavLink> {
    let mut links: Vec<NavLink> = me
        .projects
        .iter()
        .map(|p| NavLink {
            label: p.name.clone(),
            href: format!("/projects/{}/customers", p.key),
        })
        .collect();
    if me.site_admin {
        links.push(NavLink {
            label: "Settings".into(),
            href: "/settings/organizations".into(),
        });
    }
    links.push(NavLink {
        label: "Help center".into(),
        href: "/help".into(),
    });
    links
}

/// Where a person lands after signing in: their first project, else settings, else the help
/// center.
pub fn home_path(me: &Myself) -> String {
    nav_links(me)
        .into_iter()
        .next()
        .map(|l| l.href)
        .unwrap_or_else(|| "/help".into())
}
