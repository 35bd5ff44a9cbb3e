/** The visible mark on a control whose change waits for "Apply & reset". */
export function RestartBadge({ show }: { readonly show: boolean }) {
  return show ? <span className="badge restart">restart needed</span> : null;
}
