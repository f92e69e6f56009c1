/**
 * Seconds since the epoch of an HTTPERR line's `date` and `time` (UTC, as HTTP.sys logs them): the
 * value of `Date.parse(`${date}T${time.slice(0, 8)}Z`) / 1000`, NaN when that is not a date. A log
 * holds millions of lines of a few dates, so the day is parsed once per date and the time of day is
 * read from its digits; any spelling other than yyyy-mm-dd and hh:mm:ss goes to Date.parse.
 */
export class UtcClock {
  private day = "";
  private dayStart = Number.NaN;

  seconds(date: string, time: string): number {
    if (date !== this.day) {
      this.day = date;
      this.dayStart = isIsoDate(date) ? Date.parse(`${date}T00:00:00Z`) / 1000 : Number.NaN;
    }
    const secondOfDay = Number.isNaN(this.dayStart) || time.length < 8 ? -1 : secondOfDayOf(time, 0);
    if (secondOfDay < 0) return Date.parse(`${date}T${time.slice(0, 8)}Z`) / 1000;
    return this.dayStart + secondOfDay;
  }

  /** The same for a line whose date and time are the ranges [dateStart, dateEnd) and [timeStart, timeEnd) of
   * `line`, read in place. */
  secondsIn(line: string, dateStart: number, dateEnd: number, timeStart: number, timeEnd: number): number {
    if (dateEnd === dateStart || timeEnd === timeStart) return Number.NaN;
    if (dateEnd - dateStart !== this.day.length || !line.startsWith(this.day, dateStart))
      return this.seconds(line.slice(dateStart, dateEnd), line.slice(timeStart, timeEnd));
    const secondOfDay =
      Number.isNaN(this.dayStart) || timeEnd - timeStart < 8 ? -1 : secondOfDayOf(line, timeStart);
    if (secondOfDay < 0) return this.seconds(this.day, line.slice(timeStart, timeEnd));
    return this.dayStart + secondOfDay;
  }
}

const digit = (text: string, at: number): number => {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : -100;
};

function isIsoDate(text: string): boolean {
  return (
    text.length === 10 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    digit(text, 0) + digit(text, 1) + digit(text, 2) + digit(text, 3) + digit(text, 5) + digit(text, 6) >=
      0 &&
    digit(text, 8) + digit(text, 9) >= 0
  );
}

/** hh:mm:ss at `at` in `text` (00:00:00–23:59:59; 8 characters are there) as seconds of the day, else -1. */
function secondOfDayOf(text: string, at: number): number {
  if (text.charCodeAt(at + 2) !== 58 || text.charCodeAt(at + 5) !== 58) return -1;
  const hour = digit(text, at) * 10 + digit(text, at + 1);
  const minute = digit(text, at + 3) * 10 + digit(text, at + 4);
  const second = digit(text, at + 6) * 10 + digit(text, at + 7);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1;
  return hour * 3600 + minute * 60 + second;
}
