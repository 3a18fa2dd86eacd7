/* Suggestions under the search boxes: the WAI-ARIA combobox pattern over /suggest.json.
 *
 * Every <input data-suggest> becomes a combobox with a listbox of names and numbers starting with what was
 * typed. ArrowDown/ArrowUp move through the options, Enter opens the chosen one's page, Escape closes the
 * list, Tab leaves, a click or tap chooses. Enter with no option chosen submits the form as before; without
 * this script the form is a plain search form. The script tag names the endpoint (data-endpoint) and the
 * Vietnamese kind words (data-kinds), so nothing here repeats the server's URLs or words.
 */
(function () {
  "use strict";

  var DELAY_MS = 180;       // wait for a pause in typing before asking
  var MIN_CHARS = 2;        // one letter matches too much to help
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-endpoint");
  var kinds = {};
  try {
    kinds = JSON.parse((script && script.getAttribute("data-kinds")) || "{}");
  } catch (ignored) {
    kinds = {};  // the options then show no kind word
  }
  var boxes = 0;

  function enhance(input) {
    var form = input.form;
    if (!form || !endpoint || !window.fetch) {
      return;
    }
    boxes += 1;
    var listId = "goi-y-" + boxes;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý");
    list.hidden = true;
    form.classList.add("has-suggestions");
    input.insertAdjacentElement("afterend", list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var options = [];   // [{element, suggestion}]
    var active = -1;    // index of the option chosen with the arrows, -1 for none
    var timer = null;
    var asked = 0;      // number of the latest request; an answer to an older one is stale
    var pending = null; // the latest request's AbortController

    function open() {
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].element.setAttribute("aria-selected", "false");
      }
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var element = options[index].element;
      element.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", element.id);
      if (element.scrollIntoView) {
        element.scrollIntoView({block: "nearest"});
      }
    }

    function part(tag, className, text) {
      var element = document.createElement(tag);
      element.className = className;
      element.textContent = text;
      return element;
    }

    function show(suggestions) {
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      suggestions.forEach(function (suggestion, index) {
        var element = document.createElement("li");
        element.id = listId + "-" + index;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        element.appendChild(part("span", "suggestion-label", suggestion.label));
        if (kinds[suggestion.kind]) {
          element.appendChild(part("span", "suggestion-kind", kinds[suggestion.kind]));
        }
        if (suggestion.number) {
          element.appendChild(part("span", "suggestion-number", suggestion.number));
        }
        list.appendChild(element);
        options.push({element: element, suggestion: suggestion});
      });
      if (options.length) {
        open();
      } else {
        close();
      }
    }

    function choose(index) {
      var suggestion = options[index].suggestion;
      close();
      if (suggestion.url) {
        window.location.assign(suggestion.url);
      } else {  // no page of its own here: search for its name instead
        input.value = suggestion.label;
        form.submit();
      }
    }

    function ask(typed) {
      asked += 1;
      var number = asked;
      if (pending) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var url = endpoint + (endpoint.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(typed);
      window.fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin",
                         signal: pending ? pending.signal : undefined})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          // Only the answer to the newest question, and only while the box still holds what was asked.
          if (number !== asked || input.value.trim() !== typed || document.activeElement !== input) {
            return;
          }
          show(body && Array.isArray(body.suggestions) ? body.suggestions : []);
        })
        .catch(function () { /* aborted or offline: the plain search still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var typed = input.value.trim();
      if (typed.length < MIN_CHARS) {
        asked += 1;  // an answer still on its way is stale now
        show([]);
        return;
      }
      timer = setTimeout(function () { ask(typed); }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) {
        return;
      }
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp":
          if (!options.length) {
            return;
          }
          event.preventDefault();
          if (!expanded) {
            open();
          }
          if (event.key === "ArrowDown") {
            setActive(active + 1 < options.length ? active + 1 : 0);
          } else {
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;  // else the form submits the search as typed
        case "Escape":
          if (expanded) {
            event.preventDefault();  // keeps the text: a search box clears itself on Escape
            close();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    // Keep the focus in the box while the pointer presses an option, so the choice lands.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var element = event.target.closest("[role=option]");
      if (element) {
        choose(options.findIndex(function (option) { return option.element === element; }));
      }
    });
    input.addEventListener("blur", function () {
      clearTimeout(timer);
      close();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), enhance);
}());
