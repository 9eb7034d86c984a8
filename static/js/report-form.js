// Progressive help on the concern form; the form works the same without it.

// After a failed submit, move focus to the error summary so it is read out first.
const summary = document.querySelector(".ds-error-summary");
if (summary) {
  summary.focus();
}

// A character counter for textarea[data-counter="<max>"]. The visible count updates
// on every key; screen readers hear it only when typing pauses.
document.querySelectorAll("textarea[data-counter]").forEach((area) => {
  const max = Number(area.dataset.counter);
  const english = document.documentElement.lang === "en";
  const left = (n) => (english ? `${n} characters left` : `${n} tegn igjen`);
  const over = (n) => (english ? `${n} characters too many` : `${n} tegn for mye`);
  const visible = document.createElement("p");
  visible.className = "ds-paragraph counter";
  visible.dataset.size = "sm";
  visible.setAttribute("aria-hidden", "true");
  const spoken = document.createElement("p");
  spoken.className = "ds-sr-only";
  spoken.setAttribute("aria-live", "polite");
  let timer;
  const text = () => {
    const remaining = max - area.value.length;
    return remaining >= 0 ? left(remaining) : over(-remaining);
  };
  const update = () => {
    visible.textContent = text();
    visible.classList.toggle("counter--over", area.value.length > max);
    clearTimeout(timer);
    timer = setTimeout(() => {
      spoken.textContent = text();
    }, 1000);
  };
  area.insertAdjacentElement("afterend", spoken);
  area.insertAdjacentElement("afterend", visible);
  area.addEventListener("input", update);
  visible.textContent = text();
});
