// Runs on the host page only when the citizen is signed in (the page includes it then).
// Fetches a fresh voter token from the host site's own endpoint and hands it to the widget as a
// property, so the token never appears in the HTML; renews it a minute before it expires.
const poll = document.querySelector('madang-poll');

async function renew() {
  const res = await fetch('/voter-token', { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) return; // signed out meanwhile: the widget asks the visitor to sign in
  const { token, expiresIn } = await res.json();
  poll.voterToken = token;
  setTimeout(renew, Math.max(30, expiresIn - 60) * 1000);
}

renew();
