(function () {
  "use strict";
  var doc = document;
  var toolbar = doc.getElementById("toolbar");
  var findings = Array.prototype.slice.call(doc.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(doc.querySelectorAll(".severity-group"));
  var noMatch = doc.getElementById("no-match");
  var search = doc.getElementById("finding-search");

  function checked(name) {
    var values = {};
    Array.prototype.forEach.call(doc.querySelectorAll('input[name="' + name + '"]'), function (box) {
      if (box.checked) values[box.value] = true;
    });
    return values;
  }

  function apply() {
    var severities = checked("severity");
    var areas = checked("area");
    var terms = (search && search.value ? search.value : "").toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    findings.forEach(function (article) {
      var text = terms.length ? article.textContent.toLowerCase() : "";
      var visible =
        severities[article.getAttribute("data-severity")] === true &&
        areas[article.getAttribute("data-area")] === true &&
        terms.every(function (term) {
          return text.indexOf(term) !== -1;
        });
      article.hidden = !visible;
      if (visible) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = group.querySelector("article.finding:not([hidden])") === null;
    });
    if (noMatch) noMatch.hidden = shown !== 0 || findings.length === 0;
  }

  function setOpen(open) {
    Array.prototype.forEach.call(
      doc.querySelectorAll("details.evidence-block, details.why"),
      function (details) {
        details.open = open;
      },
    );
  }

  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("change", apply);
    if (search) search.addEventListener("input", apply);
    var expand = doc.getElementById("expand-all");
    var collapse = doc.getElementById("collapse-all");
    if (expand)
      expand.addEventListener("click", function () {
        setOpen(true);
      });
    if (collapse)
      collapse.addEventListener("click", function () {
        setOpen(false);
      });
  }

  // Each step's commands are one block, copied whole (the text, not the page's markup).
  Array.prototype.forEach.call(doc.querySelectorAll("button.copy-commands"), function (button) {
    var code = button.parentNode.parentNode.querySelector("pre.command code");
    if (!code) return;
    var label = button.textContent;
    button.hidden = false;
    function selectBlock() {
      // without clipboard access (an old browser, a locked-down viewer) the block is selected for Ctrl+C
      var range = doc.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    button.addEventListener("click", function () {
      if (!navigator.clipboard) return selectBlock();
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () {
          button.textContent = label;
        }, 1500);
      }, selectBlock);
    });
  });

  // Computers chapter: filter every group's rows by text and verdict; sort a group by a column.
  var computerToolbar = doc.getElementById("computer-toolbar");
  var computerSearch = doc.getElementById("computer-search");
  var computerVerdict = doc.getElementById("computer-verdict");
  var computerGroups = Array.prototype.slice.call(doc.querySelectorAll(".computer-group"));
  var noComputer = doc.getElementById("no-computer-match");

  function filterComputers() {
    var terms = (computerSearch && computerSearch.value ? computerSearch.value : "")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
    var verdict = computerVerdict ? computerVerdict.value : "";
    var shownGroups = 0;
    computerGroups.forEach(function (group) {
      var heading = group.querySelector("h3");
      var headingText = heading ? heading.textContent.toLowerCase() : "";
      var shown = 0;
      Array.prototype.forEach.call(group.querySelectorAll("tbody tr"), function (row) {
        var text = terms.length ? headingText + " " + row.textContent.toLowerCase() : "";
        var visible =
          (verdict === "" || row.getAttribute("data-verdict") === verdict) &&
          terms.every(function (term) {
            return text.indexOf(term) !== -1;
          });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      group.hidden = shown === 0;
      if (shown) shownGroups += 1;
    });
    if (noComputer) noComputer.hidden = shownGroups !== 0 || computerGroups.length === 0;
  }

  function ipKey(text) {
    var parts = text.split(".");
    if (parts.length !== 4) return text;
    return parts
      .map(function (part) {
        return ("00" + part).slice(-3);
      })
      .join(".");
  }

  function sortBy(header) {
    var table = header.closest("table");
    var body = table && table.tBodies[0];
    if (!body) return;
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var byIp = header.getAttribute("data-sort") === "ip";
    Array.prototype.forEach.call(header.parentNode.children, function (cell) {
      if (cell.hasAttribute("aria-sort")) cell.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index] ? a.cells[index].textContent : "";
      var y = b.cells[index] ? b.cells[index].textContent : "";
      if (byIp) {
        x = ipKey(x);
        y = ipKey(y);
      }
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  if (computerToolbar) {
    computerToolbar.hidden = false;
    if (computerSearch) computerSearch.addEventListener("input", filterComputers);
    if (computerVerdict) computerVerdict.addEventListener("change", filterComputers);
    Array.prototype.forEach.call(doc.querySelectorAll(".computer-table th[data-sort]"), function (header) {
      header.tabIndex = 0;
      header.addEventListener("click", function () {
        sortBy(header);
      });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(header);
        }
      });
    });
  }

  // Printing from the browser shows every evidence block; long tables keep their "N more rows" note.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(doc.querySelectorAll("details.evidence-block"), function (details) {
      details.setAttribute("data-was-open", details.open ? "1" : "0");
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(
      doc.querySelectorAll("details.evidence-block[data-was-open]"),
      function (details) {
        details.open = details.getAttribute("data-was-open") === "1";
        details.removeAttribute("data-was-open");
      },
    );
  });
})();
