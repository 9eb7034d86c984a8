// Shows how many characters are left in a textarea with data-counter="<max>".
// The form works without it; the server enforces the limit either way.
document.querySelectorAll("textarea[data-counter]").forEach((area) => {
  const max = Number(area.dataset.counter);
  const output = document.createElement("p");
  output.className = "ds-paragraph counter";
  output.dataset.size = "sm";
  output.setAttribute("aria-live", "polite");
  const template = document.documentElement.lang === "en" ? "{n} characters left" : "{n} tegn igjen";
  const update = () => {
    const left = max - area.value.length;
    output.textContent = template.replace("{n}", String(left));
    output.classList.toggle("counter--over", left < 0);
  };
  area.insertAdjacentElement("afterend", output);
  area.addEventListener("input", update);
  update();
});
