// The 民主评议 paper count page: each row's sum against the valid ballots, as the counters type.
(function () {
  // A help for the counters only: the server checks every figure again.
  var form = document.getElementById("paper-form");
  if (!form) return;
  function num(el) { var v = parseInt(el.value, 10); return isNaN(v) ? null : v; }
  function update() {
    var returned = num(form.elements.returned), invalid = num(form.elements.invalid);
    var valid = returned === null || invalid === null ? null : returned - invalid;
    document.getElementById("valid-ballots").textContent = valid === null ? "—" : valid;
    form.querySelectorAll(".paper-row").forEach(function (row) {
      var sum = 0, blank = false;
      row.querySelectorAll("input").forEach(function (i) { var v = num(i); if (v === null) blank = true; else sum += v; });
      row.querySelector(".row-sum").textContent = sum;
      var state = row.querySelector(".row-state");
      if (blank || valid === null) { state.textContent = ""; state.className = "row-state"; }
      else if (sum === valid) { state.textContent = "✓"; state.className = "row-state text-success"; }
      else { state.textContent = "≠ 有效票"; state.className = "row-state text-danger"; }
    });
  }
  form.addEventListener("input", update);
  update();
})();
