/** `&`, `<`, `>`, `"` and `'` as entities. */
function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A small page that says why a sign-in did not work, with a way back; never a stack trace. */
export function signInProblemPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in problem · Response</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#16181d}
h1{font-size:1.4rem}a{color:#4f46e5}</style></head>
<body><main><h1>You are not signed in</h1><p id="problem">${escapeHtml(message)}</p>
<p><a href="/login">Back to the login page</a></p></main></body>
</html>
`;
}
