/**
 * A field's API name as a rep reads it: `LeadSource` is "Lead source", `NumberOfEmployees`
 * "Number of employees", `Email_Opens__c` "Email opens", `Account.Industry` "Account industry".
 * Runs of capitals stay as they are (`ISO`), so acronyms survive.
 */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/__c$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s._]+/)
    .filter((word) => word.length > 0);
  if (words.length === 0) return name;
  return words.map((word, index) => (index > 0 && /^[A-Z][a-z]/.test(word) ? word.toLowerCase() : word)).join(' ');
}
