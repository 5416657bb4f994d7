// The learner checkboxes of the "Assign a course" screen: typing filters them (accents and
// case ignored, so "nguyen" finds "Nguyễn"), and a counter says how many are ticked.
(function () {
  'use strict';

  function fold(text) {
    return text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
  }

  function setUp(picker) {
    var filter = picker.querySelector('[data-cds-learner-filter]');
    var counter = picker.querySelector('[data-cds-learner-count]');
    var empty = picker.querySelector('[data-cds-learner-empty]');
    var options = Array.prototype.map.call(
      picker.querySelectorAll('input[type="checkbox"]'),
      function (input) {
        var row = input.closest('label').parentElement;
        return { input: input, row: row, text: fold(row.textContent) };
      }
    );

    function count() {
      var ticked = options.filter(function (option) {
        return option.input.checked;
      }).length;
      counter.textContent = ticked ? counter.dataset.template.replace('%s', ticked) : '';
    }

    filter.addEventListener('input', function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var match = words.every(function (word) {
          return option.text.indexOf(word) !== -1;
        });
        option.row.hidden = !match;
        if (match) shown += 1;
      });
      empty.hidden = shown !== 0;
    });
    // Enter in the filter box must not submit the form.
    filter.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') event.preventDefault();
    });
    picker.addEventListener('change', count);
    count();
  }

  function init() {
    document.querySelectorAll('[data-cds-learner-picker]').forEach(setUp);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
