/**
 * Backorder Desk: checks of the local emulator's assumptions against the real Apps Script service.
 *
 * How to run: open any spreadsheet whose locale is United States (File › Settings), choose
 * Extensions › Apps Script, paste this file over Code.gs, save, pick `runConformanceChecks` and Run
 * (accept the authorisation prompt). Each check prints PASS or FAIL with what was expected and what
 * came back (View › Execution log). Run it twice: the "fresh context" check only means something on
 * the second run. It works on a temporary tab that it deletes at the end, and sends no email.
 *
 * The same file runs inside the emulator in test/emulator/conformance.test.ts, where every check
 * must pass: a FAIL here on Google's side means the emulator assumes something the service does not do.
 */

/** Module state: Apps Script loads the project afresh for every execution, so this is 1 on every run. */
var CONFORMANCE_RUNS = 0;

var OUTSIDE_GRID = 'The coordinates of the range are outside the dimensions of the sheet.';
var CELL_TOO_LONG = 'Your input contains more than the maximum of 50000 characters in a single cell.';

function runConformanceChecks() {
  CONFORMANCE_RUNS++;
  var results = [];
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var tz = ss.getSpreadsheetTimeZone();
  var sh = ss.insertSheet('Conformance ' + Date.now());
  function check(name, expected, actual) {
    var ok = JSON.stringify(expected) === JSON.stringify(actual);
    results.push({ name: name, ok: ok, expected: expected, actual: actual });
    console.log((ok ? 'PASS  ' : 'FAIL  ') + name + (ok ? '' : '\n      expected ' + JSON.stringify(expected) + '\n      got      ' + JSON.stringify(actual)));
  }
  function errorOf(f) {
    try {
      f();
      return 'no error';
    } catch (e) {
      return String((e && e.message) || e);
    }
  }
  function describe(v) {
    if (Object.prototype.toString.call(v) === '[object Date]') return 'date ' + Utilities.formatDate(v, tz, 'yyyy-MM-dd');
    return typeof v + ' ' + v;
  }
  try {
    // ---- the grid (reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer))
    check('a new sheet is 1,000 rows x 26 columns', [1000, 26], [sh.getMaxRows(), sh.getMaxColumns()]);
    check('getRange past getMaxRows() throws', OUTSIDE_GRID, errorOf(function () { sh.getRange(1001, 1); }));
    check('getRange past getMaxColumns() throws', OUTSIDE_GRID, errorOf(function () { sh.getRange(1, 27); }));
    check('a block reaching past the last row throws', OUTSIDE_GRID, errorOf(function () { sh.getRange(999, 1, 5, 1); }));
    check('A1 notation past the grid throws', OUTSIDE_GRID, errorOf(function () { sh.getRange('A1:A1001'); }));
    check('offset past the grid throws', OUTSIDE_GRID, errorOf(function () { sh.getRange(1, 1).offset(1000, 0); }));
    check('the last cell of the grid can be written', 'no error', errorOf(function () { sh.getRange(1000, 26).setValue('last'); }));
    sh.insertRowsAfter(sh.getMaxRows(), 5);
    check('insertRowsAfter(getMaxRows(), 5) adds 5 rows', 1005, sh.getMaxRows());
    sh.deleteRows(2, 5);
    check('deleteRows(2, 5) removes 5 rows', 1000, sh.getMaxRows());
    sh.insertColumnsAfter(sh.getMaxColumns(), 2);
    check('insertColumnsAfter(getMaxColumns(), 2) adds 2 columns', 28, sh.getMaxColumns());
    sh.getRange(1000, 1).setValue('data on the last row');
    sh.appendRow(['appended']);
    check('appendRow on a full grid adds the row it needs', [1001, 1001], [sh.getMaxRows(), sh.getLastRow()]);
    sh.clear();

    // ---- cell size (support.google.com/docs/answer/37603)
    var limit = new Array(50001).join('x');
    check('a cell takes 50,000 characters', 50000, (sh.getRange(1, 1).setValue(limit), String(sh.getRange(1, 1).getValue()).length));
    check('50,001 characters in a cell throw', CELL_TOO_LONG, errorOf(function () { sh.getRange(1, 2).setValue(limit + 'y'); }));
    check(
      'a refused setValues writes nothing',
      [CELL_TOO_LONG, ''],
      [errorOf(function () { sh.getRange(2, 1, 1, 2).setValues([['small', limit + 'y']]); }), sh.getRange(2, 1).getValue()],
    );
    sh.clear();

    // ---- typed values, locale en_US (reference/spreadsheet/range#setValues(Object))
    check('the spreadsheet locale is en_US (the typed-value checks assume it)', 'en_US', ss.getSpreadsheetLocale());
    var year = Utilities.formatDate(new Date(), tz, 'yyyy');
    var typed = [
      ['$2.99', 'number 2.99'],
      ['-$1,234.50', 'number -1234.5'],
      ['1,234', 'number 1234'],
      ['12%', 'number 0.12'],
      ['March 15, 2026', 'date 2026-03-15'],
      ['Mar 15 2026', 'date 2026-03-15'],
      ['15-Mar-2026', 'date 2026-03-15'],
      ['2026/03/15', 'date 2026-03-15'],
      ['2026-03-15', 'date 2026-03-15'],
      ['3/15/2026', 'date 2026-03-15'],
      ['3/15', 'date ' + year + '-03-15'],
      ['TRUE', 'boolean true'],
      ['Black Friday Roast', 'string Black Friday Roast'],
      ['SKU-3/15', 'string SKU-3/15'],
      ['3, 10', 'string 3, 10'],
    ];
    var column = typed.map(function (t) { return [t[0]]; });
    sh.getRange(1, 1, typed.length, 1).setValues(column);
    sh.getRange(1, 2, typed.length, 1).setNumberFormat('@').setValues(column);
    var back = sh.getRange(1, 1, typed.length, 2).getValues();
    typed.forEach(function (t, i) {
      check('setValues of "' + t[0] + '" reads back as ' + t[1], t[1], describe(back[i][0]));
      check('setValues of "' + t[0] + '" in a plain-text (@) cell stays text', 'string ' + t[0], describe(back[i][1]));
    });
    sh.clear();
    sh.getRange('A1').setValue(46096).setNumberFormat('yyyy-mm-dd');
    sh.getRange('A2').setValue(new Date(2026, 2, 15)).setNumberFormat('0.00');
    var formatted = sh.getRange('A1:A2').getValues();
    check('a number under a date format reads back as a Date', 'date 2026-03-15', describe(formatted[0][0]));
    check('a date under a number format reads back as a number', 'number', typeof formatted[1][0]);
    sh.clear();

    // ---- notes (reference/spreadsheet/range#setNotes(Object)): one per cell, a blank clears, they move with rows
    sh.getRange('A2:B3').setNotes([['first', ''], [null, 'second']]);
    check('setNotes writes one note per cell; null and "" clear', [['first', ''], ['', 'second']], sh.getRange('A2:B3').getNotes());
    sh.deleteRow(2);
    check('a note moves up with its row when a row above is deleted', [['', 'second']], sh.getRange('A2:B2').getNotes());
    sh.getRange('A1:B3').setNotes([['', ''], ['', ''], ['', '']]);

    // ---- ranges (reference/spreadsheet/range#getA1Notation())
    check('A:A stays an open column range over every row', ['A:A', sh.getMaxRows()], [sh.getRange('A:A').getA1Notation(), sh.getRange('A:A').getNumRows()]);

    // ---- files and text (reference/utilities/utilities#parseCsv(String))
    check(
      'parseCsv: quoted commas, quotes and newlines; everything is text',
      [['a', 'b,c', 'say "hi"'], ['1', 'two\nlines', '2026-03-15']],
      Utilities.parseCsv('a,"b,c","say ""hi"""\n1,"two\nlines",2026-03-15'),
    );

    // ---- who runs the script (reference/base/session#getEffectiveUser())
    var active = Session.getActiveUser().getEmail();
    check('run from the editor, the active user is the effective user', Session.getEffectiveUser().getEmail(), active);

    // ---- mail quota (guides/services/quotas): a number per user; it cannot be checked for reset here
    check('MailApp.getRemainingDailyQuota() is a number', 'number', typeof MailApp.getRemainingDailyQuota());

    // ---- locks (reference/lock/lock#hasLock())
    var first = LockService.getScriptLock();
    first.tryLock(10000);
    check('hasLock() is true for another getScriptLock() object of the same execution', true, LockService.getScriptLock().hasLock());
    first.releaseLock();

    // ---- executions (guides/v8-runtime): the project is loaded afresh for every execution
    check('module variables start fresh (run this twice)', 1, CONFORMANCE_RUNS);
  } finally {
    ss.deleteSheet(sh);
  }
  var failed = results.filter(function (r) { return !r.ok; });
  console.log(results.length - failed.length + ' of ' + results.length + ' checks passed' + (failed.length ? '; failed: ' + failed.map(function (r) { return r.name; }).join('; ') : '.'));
  return results;
}
