using Google.Protobuf;

namespace LabApp.Core.Inference;

/// <summary>
/// The bytes of a SentencePiece <c>.model</c> file, adjusted so that ML.Tokenizers 2.0.1 can load T5's.
/// </summary>
/// <remarks>
/// T5's spiece.model has no beginning-of-sentence piece (<c>bos_id = -1</c>), and ML.Tokenizers' Unigram model indexes
/// its piece table with that id while loading, which throws IndexOutOfRangeException. The model's generated protobuf
/// types are internal to ML.Tokenizers, so the one field is rewritten here on the wire: <c>bos_id</c> becomes the
/// padding id. Nothing else changes: T5 never adds a beginning-of-sentence token, and ML.Tokenizers gives the padding
/// piece back its own name after it has placed the beginning-of-sentence one.
/// </remarks>
internal static class SentencePieceModelFile
{
    // Field numbers of sentencepiece_model.proto: ModelProto.trainer_spec, TrainerSpec.bos_id and TrainerSpec.pad_id.
    private const int TrainerSpecField = 2;
    private const int BosIdField = 41;
    private const int PadIdField = 43;

    /// <summary>The model with <c>bos_id</c> set to the padding id when it has none, and that padding id.</summary>
    public static (byte[] Model, int PaddingId) WithPaddingAsMissingBos(byte[] model, string path)
    {
        try
        {
            return Rewrite(model, path);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path} is not a SentencePiece model ({e.Message}). Download the model's spiece.model again.", e);
        }
    }

    private static (byte[] Model, int PaddingId) Rewrite(byte[] model, string path)
    {
        using var output = new MemoryStream(model.Length + 16);
        var input = new CodedInputStream(model);
        var paddingId = -1;
        var start = 0L;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == TrainerSpecField)
            {
                var spec = input.ReadBytes().ToByteArray();
                (spec, paddingId) = RewriteTrainerSpec(spec, path);
                WriteVarint(output, tag);
                WriteVarint(output, (ulong)spec.Length);
                output.Write(spec);
            }
            else
            {
                input.SkipLastField();
                output.Write(model, (int)start, (int)(input.Position - start));
            }
            start = input.Position;
        }
        return (output.ToArray(), paddingId);
    }

    private static (byte[] Spec, int PaddingId) RewriteTrainerSpec(byte[] spec, string path)
    {
        using var output = new MemoryStream(spec.Length + 16);
        var input = new CodedInputStream(spec);
        int? bosId = null;
        var paddingId = -1;
        var start = 0L;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            if (field == BosIdField)
                bosId = input.ReadInt32();
            else if (field == PadIdField)
                paddingId = input.ReadInt32();
            else
                input.SkipLastField();

            if (field != BosIdField)
                output.Write(spec, (int)start, (int)(input.Position - start));
            start = input.Position;
        }

        // An absent bos_id means the proto default, 1, which ML.Tokenizers loads as it is.
        var newBosId = bosId ?? 1;
        if (newBosId < 0)
        {
            if (paddingId < 0)
                throw new InvalidDataException($"{path} has neither a beginning-of-sentence nor a padding piece, so it is not T5's tokenizer. Use the spiece.model of the model's own repository.");
            newBosId = paddingId;
        }
        WriteVarint(output, WireFormat.MakeTag(BosIdField, WireFormat.WireType.Varint));
        WriteVarint(output, (ulong)newBosId);
        return (output.ToArray(), paddingId);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        for (; value >= 0x80; value >>= 7)
            stream.WriteByte((byte)(value | 0x80));
        stream.WriteByte((byte)value);
    }
}
