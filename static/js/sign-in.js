// The login and second-factor pages: after a failed attempt, start at the list of what to fix.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
