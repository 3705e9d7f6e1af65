-- The sqlite3 workload.  The driver first creates TEMP table param(n) with
-- the number of rows; everything else is derived from it deterministically.
.headers on
.mode list
CREATE TABLE item(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, price REAL, qty INTEGER);
CREATE TABLE grp(id INTEGER PRIMARY KEY, label TEXT);
BEGIN;
WITH RECURSIVE seq(i, r) AS (
  SELECT 1, 12345
  UNION ALL
  SELECT i + 1, (r * 1103515245 + 12345) % 2147483648 FROM seq
  WHERE i < (SELECT n FROM param)
)
INSERT INTO item SELECT i, r % 97, printf('item-%06d-%x', i, r % 65536),
  (r % 100000) / 100.0, r % 50 FROM seq;
WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 96)
INSERT INTO grp SELECT i, 'group ' || char(65 + i % 26) || (i / 26) FROM g;
COMMIT;
CREATE INDEX item_grp ON item(grp, price);
CREATE INDEX item_name ON item(name);
SELECT count(*), sum(qty), printf('%.2f', sum(price)), min(name), max(name) FROM item;
SELECT g.label, count(*) AS n, printf('%.3f', avg(i.price)) AS avg_price, max(i.qty)
  FROM item i JOIN grp g ON g.id = i.grp
  GROUP BY g.id ORDER BY n DESC, g.label LIMIT 15;
SELECT grp, name, price FROM item WHERE grp = 42 ORDER BY price DESC, id LIMIT 5;
SELECT count(*) FROM item WHERE name LIKE 'item-%-a%';
SELECT substr(name, 13), count(*) FROM item GROUP BY substr(name, 13, 1)
  ORDER BY 2 DESC, 1 LIMIT 5;
UPDATE item SET price = price * 1.1 WHERE qty > 40;
DELETE FROM item WHERE qty = 0;
SELECT count(*), printf('%.2f', total(price)) FROM item;
SELECT grp, qty, count(*) OVER (PARTITION BY grp) AS c,
  rank() OVER (PARTITION BY grp ORDER BY price DESC) AS rk
  FROM item WHERE id % 1000 = 7 ORDER BY grp, rk, qty LIMIT 10;
SELECT hex(zeroblob(3)), typeof(1.5), 7 / 2, 7 % 3, round(2.675, 2),
  upper('abc'), length(zeroblob(10));
PRAGMA integrity_check;
