/* One entry of a pack file (generator/core/packs.py), read by an HTTP Range request: the lookup
 * index's entries (lookup.js) and a paged table's pages (results-table.js). A directory gives, in
 * 12 bytes per entry, where it is: pack number, offset, length (little-endian uint32).
 * Written in ES5 for the older phones results-table.js serves.
 */
(function () {
  "use strict";

  function range(url, offset, length) {
    var headers = { Range: "bytes=" + offset + "-" + (offset + length - 1) };
    return fetch(url, { headers: headers }).then(function (r) {
      if (r.status !== 206 && r.status !== 200) throw new Error("HTTP " + r.status);
      return r.arrayBuffer().then(function (buffer) {  // 200: a host that ignores Range sent it all
        return new Uint8Array(buffer, r.status === 200 ? offset : 0, length);
      });
    });
  }

  // Entry k's [pack, offset, length] in a directory's bytes (the whole directory, or its 12 bytes at k = 0).
  function location(bytes, k) {
    var v = new DataView(bytes.buffer, bytes.byteOffset + 12 * k, 12);
    return [v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true)];
  }

  window.gongkaiPacks = { range: range, location: location };
})();
