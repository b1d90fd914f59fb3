import Foundation

/// Civil dates and times without the clock: parsing ISO 8601 and converting between
/// seconds since 1970 (UTC) and wall-clock fields, through the event's time zone.
public enum EventTime {
    /// Wall-clock fields of a moment.
    public struct Fields: Sendable, Hashable {
        public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil fields of `seconds` since 1970, shifted by `offset` seconds.
    public static func fields(_ seconds: Int64, offset: Int = 0) -> Fields {
        let t = seconds + Int64(offset)
        var z = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = Int(t - z * 86_400)
        z += 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400) + (m <= 2 ? 1 : 0)
        return Fields(year: y, month: m, day: d, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    /// Day of the week, 0 = Sunday.
    public static func weekday(year: Int, month: Int, day: Int) -> Int {
        let d = days(year: year, month: month, day: day)
        return Int(((d % 7) + 7 + 4) % 7)
    }

    /// Parses `2026-03-10T09:00:00+01:00`, `…Z`, or seconds-less `2026-03-10T09:00+01:00`.
    /// A time without an offset is read in `zone` when one is given, else rejected.
    public static func parse(_ text: String, zone: TimeZone? = nil) -> Int64? {
        let u = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= u.count else { return nil }
            var v = 0
            for i in from..<from + count {
                guard u[i] >= 48 && u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard u.count >= 16, let y = num(0, 4), u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2),
              u[10] == 84 || u[10] == 116 || u[10] == 32, let h = num(11, 2), u[13] == 58, let mi = num(14, 2)
        else { return nil }
        var i = 16
        var s = 0
        if i < u.count, u[i] == 58 {
            guard let sec = num(i + 1, 2) else { return nil }
            s = sec
            i += 3
        }
        guard (1...12).contains(mo), (1...daysIn(year: y, month: mo)).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        let local = days(year: y, month: mo, day: d) * 86_400 + Int64(h * 3600 + mi * 60 + s)
        if i == u.count {
            guard let zone else { return nil }
            return utc(local: local, zone: zone)
        }
        if u[i] == 90 || u[i] == 122 { return i + 1 == u.count ? local : nil }
        guard u[i] == 43 || u[i] == 45, i + 6 == u.count, let oh = num(i + 1, 2), u[i + 3] == 58, let om = num(i + 4, 2),
              oh < 24, om < 60 else { return nil }
        let offset = Int64(oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
        return local - offset
    }

    /// The moment whose wall-clock time in `zone` is `local` (seconds since 1970 as if UTC).
    public static func utc(local: Int64, zone: TimeZone) -> Int64 {
        var t = local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local))))
        t = local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        return t
    }

    /// Offset of `zone` from UTC at a moment, in seconds.
    public static func offset(_ seconds: Int64, zone: TimeZone) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-03-10T09:00:00+01:00` in `zone` (or `Z` for UTC).
    public static func iso(_ seconds: Int64, zone: TimeZone?) -> String {
        let off = zone.map { offset(seconds, zone: $0) } ?? 0
        let f = fields(seconds, offset: off)
        var s = "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))T\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))"
        if zone == nil || off == 0 && zone?.identifier == "UTC" { return s + "Z" }
        let a = abs(off)
        s += (off < 0 ? "-" : "+") + pad(a / 3600) + ":" + pad(a % 3600 / 60)
        return s
    }

    /// `HH:MM` of a moment in `zone`.
    public static func clock(_ seconds: Int64, zone: TimeZone) -> String {
        let f = fields(seconds, offset: offset(seconds, zone: zone))
        return "\(pad(f.hour)):\(pad(f.minute))"
    }

    public static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
