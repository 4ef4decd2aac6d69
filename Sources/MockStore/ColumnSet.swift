/// The columns a query selects, named once: the SELECT list is written from the cases and a row
/// is read by case, never by a position written by hand. A case's raw value is its SQL name.
///
///     enum TapColumn: String, ColumnSet { case id, deviceID = "device_id", … }
///     try query("SELECT \(TapColumn.list) FROM taps …") { row in row.text(TapColumn.deviceID) }
package protocol ColumnSet: RawRepresentable<String>, CaseIterable, Equatable where AllCases == [Self] {}

extension ColumnSet {
    /// `a, b, c`: the SELECT list, in case order.
    package static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The same list with every name qualified by `table` (`t.a, t.b`), for a join.
    package static func list(from table: String) -> String {
        allCases.map { "\(table).\($0.rawValue)" }.joined(separator: ", ")
    }

    /// `?, ?, ?`: one placeholder per column, for an INSERT naming `list`.
    package static var placeholders: String { Array(repeating: "?", count: allCases.count).joined(separator: ", ") }

    /// The column's position in the SELECT list `list` writes.
    var position: Int32 { Int32(Self.allCases.firstIndex(of: self)!) }
}

extension Row {
    package func int<C: ColumnSet>(_ column: C) -> Int64 { int(column.position) }
    package func double<C: ColumnSet>(_ column: C) -> Double { double(column.position) }
    package func isNull<C: ColumnSet>(_ column: C) -> Bool { isNull(column.position) }
    package func text<C: ColumnSet>(_ column: C) -> String { text(column.position) }
    package func optionalText<C: ColumnSet>(_ column: C) -> String? { optionalText(column.position) }
    package func optionalInt<C: ColumnSet>(_ column: C) -> Int64? { optionalInt(column.position) }
    package func optionalDouble<C: ColumnSet>(_ column: C) -> Double? { isNull(column) ? nil : double(column) }
    package func bool<C: ColumnSet>(_ column: C) -> Bool { int(column) != 0 }

    /// An enumeration's stored value; one this binary does not know is an error.
    package func known<C: ColumnSet, Value: RawRepresentable<String>>(_ column: C, _ type: Value.Type) throws -> Value {
        try known(column.position, type)
    }

    package func optionalKnown<C: ColumnSet, Value: RawRepresentable<String>>(_ column: C, _ type: Value.Type) throws -> Value? {
        isNull(column) ? nil : try known(column.position, type)
    }
}
