//! The entry point of the help center's signed-out pages, built by Trunk from
//! `help-sign-in.html`: sign in, sign up, forgot password and the one-time links (invitation,
//! verification, password reset). What a customer opening an invitation link downloads first;
//! every other help-center page is the help center's build (`help.html`).

fn main() {
    clientele_sign_in::start();
}
