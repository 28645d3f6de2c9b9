// The election ballot: warns when more are approved than there are seats (the ballot would be void).
(function () {
    const form = document.getElementById("ballot");
    if (!form) return;
    const seats = Number(form.dataset.seats);
    const over = document.getElementById("over");
    // Each person written in is a chip of the member picker holding a hidden input.
    const written = () => form.querySelectorAll('input[type=hidden][name=write_in]').length;
    function approved() {
      return form.querySelectorAll('input[type=radio][value=yes]:checked').length + written();
    }
    const warn = () => over.classList.toggle("d-none", approved() <= seats);
    form.addEventListener("change", warn);
    form.addEventListener("picker:change", warn);
    form.addEventListener("submit", (e) => {
      if (written() > seats) {  // the paper ballot has as many write-in lines as seats
        alert(`另选他人最多 ${seats} 人，请去掉多选的人。`);
        e.preventDefault();
        return;
      }
      const n = approved();
      const msg = n > seats
        ? `您赞成了 ${n} 人，多于应选名额 ${seats} 名，这张选票将作为无效票。仍然投出？`
        : "确定投出选票？投出后不能更改。";
      if (!confirm(msg)) e.preventDefault();
    });
  })();
