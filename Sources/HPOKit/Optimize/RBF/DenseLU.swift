/// A small dense LU factorisation with partial pivoting, for the RBF interpolation systems
/// (a few hundred rows). Row-major storage.
struct DenseLU {
    let size: Int
    private var lu: [Double]
    private var pivots: [Int]

    /// Factorises the `size` x `size` row-major matrix; nil when it is singular to working
    /// precision (a pivot below `tolerance` times the largest entry).
    init?(_ matrix: [Double], size: Int, tolerance: Double = 1e-13) {
        precondition(matrix.count == size * size)
        self.size = size
        lu = matrix
        pivots = Array(0..<size)
        let scale = matrix.lazy.map(abs).max() ?? 0
        guard scale > 0, scale.isFinite else { return nil }
        for k in 0..<size {
            var pivotRow = k
            var pivotValue = abs(lu[k * size + k])
            for row in (k + 1)..<max(k + 1, size) where abs(lu[row * size + k]) > pivotValue {
                pivotRow = row
                pivotValue = abs(lu[row * size + k])
            }
            guard pivotValue > tolerance * scale else { return nil }
            if pivotRow != k {
                for column in 0..<size { lu.swapAt(k * size + column, pivotRow * size + column) }
                pivots.swapAt(k, pivotRow)
            }
            let diagonal = lu[k * size + k]
            lu.withUnsafeMutableBufferPointer { a in
                for row in (k + 1)..<max(k + 1, size) {
                    let factor = a[row * size + k] / diagonal
                    a[row * size + k] = factor
                    if factor == 0 { continue }
                    for column in (k + 1)..<size {
                        a[row * size + column] -= factor * a[k * size + column]
                    }
                }
            }
        }
    }

    /// Solves A x = b.
    func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == size)
        var x = pivots.map { b[$0] }
        lu.withUnsafeBufferPointer { a in
            for row in 0..<size {
                var sum = x[row]
                for column in 0..<row { sum -= a[row * size + column] * x[column] }
                x[row] = sum
            }
            for row in stride(from: size - 1, through: 0, by: -1) {
                var sum = x[row]
                for column in (row + 1)..<max(row + 1, size) { sum -= a[row * size + column] * x[column] }
                x[row] = sum / a[row * size + row]
            }
        }
        return x
    }

    /// Diagonal entries (A^-1)_ii for i in `indices`: a solve against each unit vector,
    /// starting the forward substitution at the unit entry's pivoted row (everything above
    /// it is zero) and stopping the back substitution at row i.
    func inverseDiagonal(_ indices: Range<Int>) -> [Double] {
        var rowOfColumn = [Int](repeating: 0, count: size)
        for (row, original) in pivots.enumerated() { rowOfColumn[original] = row }
        var x = [Double](repeating: 0, count: size)
        return indices.map { i in
            let start = rowOfColumn[i]
            return lu.withUnsafeBufferPointer { a in
                x.withUnsafeMutableBufferPointer { x in
                    for row in 0..<size { x[row] = 0 }
                    x[start] = 1
                    for row in (start + 1)..<max(start + 1, size) {
                        var sum = 0.0
                        for column in start..<row { sum -= a[row * size + column] * x[column] }
                        x[row] = sum
                    }
                    for row in stride(from: size - 1, through: i, by: -1) {
                        var sum = x[row]
                        for column in (row + 1)..<max(row + 1, size) { sum -= a[row * size + column] * x[column] }
                        x[row] = sum / a[row * size + row]
                    }
                    return x[i]
                }
            }
        }
    }
}
