/** The status and messages of an operation that must fail (Payload's ValidationError carries one message per field). */
export async function errorOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; message: string; data?: { errors?: { message: string }[] } };
    const details = e.data?.errors?.map((x) => x.message).join(" | ");
    return { status: e.status ?? 0, message: details ? `${e.message} :: ${details}` : e.message };
  }
  throw new Error("expected the operation to fail");
}
