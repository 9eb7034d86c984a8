// Progressive help on the concern pages (the form, the receipt, the status page and the
// message box in the admin); every page works the same without it.

const english = document.documentElement.lang === "en";

// After a failed submit, move focus to the error summary so it is read out first.
const summary = document.querySelector(".ds-error-summary");
if (summary) {
  summary.focus();
}

// A character counter for textarea[data-counter="<max>"]. The visible count updates
// on every key; screen readers hear it only when typing pauses.
document.querySelectorAll("textarea[data-counter]").forEach((area) => {
  const max = Number(area.dataset.counter);
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

// The duty to report: without this script the notice is always shown beside the
// recipients. With it, the notice shows as soon as a public employee sends to the
// coordinator about a topic of the duty to report, and its link picks child welfare.
const notice = document.querySelector("[data-duty-notice]");
const form = notice && notice.closest("form");
if (notice && form) {
  const applies = () => {
    const role = form.querySelector("input[name=reporter_role]:checked");
    const topic = form.querySelector("select[name=topic]");
    const option = topic && topic.selectedOptions[0];
    const recipient = form.querySelector("input[name=recipient]:checked");
    return Boolean(
      role &&
        role.value === "professional" &&
        option &&
        option.dataset.duty === "true" &&
        recipient &&
        recipient.value === notice.dataset.coordinator,
    );
  };
  const update = () => {
    notice.hidden = !applies();
  };
  form.addEventListener("change", update);
  update();
  notice.querySelectorAll("[data-choose-recipient]").forEach((link) => {
    link.addEventListener("click", (event) => {
      const choice = form.querySelector(
        `input[name=recipient][value="${link.dataset.chooseRecipient}"]`,
      );
      if (!choice) return;
      event.preventDefault();
      choice.checked = true;
      choice.focus();
      update();
    });
  });
}

// The receipt's print button: the browser's own print works without it.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.closest("[hidden]")?.removeAttribute("hidden");
  button.addEventListener("click", () => window.print());
});
