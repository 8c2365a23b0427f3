/* The interface words of a script in its page's language. The page hands each script the English
 * catalogue's entries it shows (data-i18n on the script's root element: JSON generated at build time
 * from generator/locale, generator/site/i18n.py browser_messages); a Chinese page hands none, and the
 * msgid itself is the Chinese. Placeholders are written %(name)s, as in the catalogue. ES5. */
(function (global) {
  "use strict";
  global.gongkaiText = function (element) {
    var table = {};
    try {
      table = JSON.parse((element && element.getAttribute("data-i18n")) || "{}");
    } catch (error) {
      table = {};  // a broken attribute shows the Chinese rather than nothing
    }
    return function (msgid, values) {
      var text = Object.prototype.hasOwnProperty.call(table, msgid) ? table[msgid] : msgid;
      return text.replace(/%\((\w+)\)s|%%/g, function (all, name) {
        return name ? String(values && values[name]) : "%";
      });
    };
  };
})(typeof window !== "undefined" ? window : this);
