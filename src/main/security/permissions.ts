/** Answers every permission request (camera, notifications, geolocation, …) with no. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** Answers every permission check with no. */
export function permissionCheckHandler(): boolean {
  return false;
}
