-- The fingerprint of each partition of one table, computed where the rows are: how many rows,
-- and the sum of a 64-bit hash of each whole row (lake_row, the row as a struct). A sum does
-- not depend on the order of the rows; DuckDB sums 64-bit integers into a 128-bit one, so it
-- never overflows. {year} and {month} name a row's partition (NULL for a table that is not
-- split); {table} is the table.
SELECT {year} AS year,
       {month} AS month,
       count(*) AS row_count,
       CAST(sum(hash(lake_row)) AS VARCHAR) AS content_hash
FROM {table} AS lake_row
GROUP BY {year}, {month}
