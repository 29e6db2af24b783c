// Learners are stored pseudonymously: an organization's own reference (a
// student or employee number), never a resident identity card number
// (居民身份证号码), which is sensitive personal information under the
// Personal Information Protection Law and must not be needed to exchange credits.

/**
 * Eighteen-character ID card numbers are 17 digits and a check character
 * (digit or X, GB 11643-1999). Matched anywhere in the text, not only as the
 * whole reference ("ID-110101199003071234" is refused too), and without
 * verifying the check character: something that merely looks like one is
 * refused, because a typo in a real number is still a real person's number.
 */
const ID_CARD_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;

/** True when `text` contains something shaped like an 18-character resident ID card number. */
export function containsIdCardNumber(text: string): boolean {
  return ID_CARD_NUMBER.test(text.normalize("NFKC"));
}
