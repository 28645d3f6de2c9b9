/* The search picker (core/widgets.py SearchPicker): a search box whose matches come from
   the server (htmx), each chosen one a chip holding a hidden input. One delegated set of
   listeners serves every picker of the page, those htmx adds later included; the widget's
   template names this file once per picker, so it guards against running twice. */
(function () {
  "use strict";
  if (window.ghPicker) return;
  window.ghPicker = true;

  function parts(el) {
    const root = el.closest("[data-picker]");
    if (!root) return null;
    return {
      root: root,
      input: root.querySelector("input[type=search]"),
      chosen: root.querySelector("[data-picker-chosen]"),
      options: root.querySelector("[data-picker-options]"),
      multiple: root.hasAttribute("data-multiple"),
      name: root.dataset.name,
    };
  }

  function chip(name, value, label) {
    const span = document.createElement("span");
    span.className = "badge rounded-pill text-bg-light border fw-normal fs-6 d-inline-flex align-items-center gap-1";
    span.setAttribute("data-picker-chip", "");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.style.fontSize = ".6rem";
    close.setAttribute("data-picker-remove", "");
    close.setAttribute("aria-label", "去掉" + label);
    span.append(input, document.createTextNode(label), close);
    return span;
  }

  function chipOf(p, value) {
    for (const input of p.chosen.querySelectorAll("input[type=hidden]")) {
      if (input.value === value) return input.closest("[data-picker-chip]");
    }
    return null;
  }

  function mark(p) {
    for (const option of p.options.querySelectorAll("[data-pick-value]")) {
      const on = chipOf(p, option.dataset.pickValue) !== null;
      option.classList.toggle("active", on);
      option.setAttribute("aria-selected", on ? "true" : "false");
    }
  }

  function close(p) {
    p.options.replaceChildren();
    p.input.setAttribute("aria-expanded", "false");
  }

  function changed(p) {
    p.root.dispatchEvent(new CustomEvent("picker:change", { bubbles: true }));
  }

  function choose(option) {
    const p = parts(option);
    const value = option.dataset.pickValue;
    const existing = chipOf(p, value);
    if (p.multiple) {
      // Several may be chosen: a second click on a match takes it out again, and the
      // list stays open for the next one.
      if (existing) existing.remove();
      else p.chosen.appendChild(chip(p.name, value, option.dataset.pickLabel));
      mark(p);
    } else {
      p.chosen.replaceChildren(chip(p.name, value, option.dataset.pickLabel));
      p.input.value = "";
      close(p);
      p.input.focus();
    }
    changed(p);
  }

  function move(p, from, step) {
    const options = Array.from(p.options.querySelectorAll("[data-pick-value]"));
    if (!options.length) return;
    const at = options.indexOf(from);
    const next = at === -1 ? (step > 0 ? 0 : options.length - 1) : at + step;
    if (next < 0) p.input.focus();
    else options[Math.min(next, options.length - 1)].focus();
  }

  // Pressing a match or a chip's × must not take the focus from the search box: moving
  // it would scroll the page under the pointer (the press then lands elsewhere) and, on a
  // phone, close the keyboard between two choices.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("[data-picker] [data-pick-value], [data-picker] [data-picker-remove]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const option = event.target.closest("[data-picker] [data-pick-value]");
    if (option) {
      event.preventDefault();
      choose(option);
      return;
    }
    const remove = event.target.closest("[data-picker] [data-picker-remove]");
    if (remove) {
      const p = parts(remove);
      remove.closest("[data-picker-chip]").remove();
      mark(p);
      changed(p);
      p.input.focus();
      return;
    }
    // A click anywhere else closes every open list but the one clicked in.
    const here = event.target.closest("[data-picker]");
    for (const root of document.querySelectorAll("[data-picker]")) {
      if (root !== here) close(parts(root));
    }
  });

  document.addEventListener("keydown", function (event) {
    const p = parts(event.target);
    if (!p) return;
    const onInput = event.target === p.input;
    const option = event.target.closest("[data-pick-value]");
    if (event.key === "ArrowDown" && (onInput || option)) {
      event.preventDefault();
      move(p, option, 1);
    } else if (event.key === "ArrowUp" && option) {
      event.preventDefault();
      move(p, option, -1);
    } else if (event.key === "Escape" && (onInput || option)) {
      event.preventDefault();
      close(p);
      p.input.focus();
    } else if (event.key === "Enter" && onInput) {
      // Enter in the box takes the first match of what is typed, as a select's type-ahead
      // would; typed faster than the answer came, it takes it when the answer comes.
      event.preventDefault();
      if (p.options.dataset.shown === p.input.value) takeFirst(p);
      else p.root.dataset.enter = p.input.value;
    }
  });

  function takeFirst(p) {
    const first = p.options.querySelector("[data-pick-value]");
    if (first) choose(first);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    const p = parts(event.target);
    if (p && event.target === p.input) p.options.dataset.asked = p.input.value;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const p = parts(event.target);
    if (!p || event.target !== p.options) return;
    p.options.dataset.shown = p.options.dataset.asked;
    p.input.setAttribute("aria-expanded", p.options.children.length ? "true" : "false");
    mark(p);
    if (p.root.dataset.enter !== undefined && p.root.dataset.enter === p.options.dataset.shown) {
      delete p.root.dataset.enter;
      takeFirst(p);
    }
  });
})();
