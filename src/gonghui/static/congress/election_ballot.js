// The election ballot: warns when more are approved than there are seats (the ballot would be void).
(function () {
    const form = document.getElementById("ballot");
    if (!form) return;
    const seats = Number(form.dataset.seats);
    const over = document.getElementById("over");
    function approved() {
      const yes = form.querySelectorAll('input[type=radio][value=yes]:checked').length;
      const written = Array.from(form.querySelectorAll('select[name=write_in]')).filter(s => s.value).length;
      return yes + written;
    }
    form.addEventListener("change", () => over.classList.toggle("d-none", approved() <= seats));
    form.addEventListener("submit", (e) => {
      const n = approved();
      const msg = n > seats
        ? `您赞成了 ${n} 人，多于应选名额 ${seats} 名，这张选票将作为无效票。仍然投出？`
        : "确定投出选票？投出后不能更改。";
      if (!confirm(msg)) e.preventDefault();
    });
  })();
