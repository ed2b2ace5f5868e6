/**
 * Maximum-weight assignment (the Hungarian method, Kuhn 1955 / Munkres 1957, in the O(n² m) form
 * with potentials): given non-negative weights for rows × columns, the column of each row
 * (−1 for none) that maximises the total weight. Integer weights stay exact (potentials are sums
 * and differences of weights). Pairs of weight 0 are left unassigned, so 0 means "no edge".
 * The result depends only on the matrix, so equal inputs give equal matchings.
 */
export function maxWeightAssignment(weights: readonly (readonly number[])[], columns: number): Int32Array {
  const rows = weights.length;
  const result = new Int32Array(rows).fill(-1);
  if (rows === 0 || columns === 0) return result;
  const transpose = rows > columns;
  // The method below needs rows ≤ columns.
  const n = transpose ? columns : rows;
  const m = transpose ? rows : columns;
  const cost = (i: number, j: number) => -(transpose ? weights[j]![i]! : weights[i]![j]!);

  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfColumn = new Int32Array(m + 1); // 1-based row assigned to each column, 0 = none
  const way = new Int32Array(m + 1);
  const minimum = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfColumn[0] = i;
    let column = 0;
    minimum.fill(Infinity);
    used.fill(0);
    do {
      used[column] = 1;
      const row = rowOfColumn[column]!;
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = cost(row - 1, j - 1) - u[row]! - v[j]!;
        if (reduced < minimum[j]!) {
          minimum[j] = reduced;
          way[j] = column;
        }
        if (minimum[j]! < delta) {
          delta = minimum[j]!;
          next = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfColumn[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minimum[j]! -= delta;
        }
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    do {
      const previous = way[column]!;
      rowOfColumn[column] = rowOfColumn[previous]!;
      column = previous;
    } while (column !== 0);
  }
  for (let j = 1; j <= m; j++) {
    const i = rowOfColumn[j]!;
    if (i === 0) continue;
    const [row, column] = transpose ? [j - 1, i - 1] : [i - 1, j - 1];
    if (weights[row]![column]! > 0) result[row] = column;
  }
  return result;
}
